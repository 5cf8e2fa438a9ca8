import type { Diagnostic, DiagnosticKind, FatalKind } from '../diagnostics/diagnostic.js';
import { readCache, signCacheEntry, writeFileAtomic, type CacheMiss } from './cloud-cache.js';
import { fetchWithRetries, nodeFetch, type CloudFetch } from './cloud-http.js';
import { selectCloudRequirements } from './cloud-payload.js';
import type { LayerInput, RequirementSource, RequirementsSourceLoader, SourceDetail, SourceResult } from './source.js';
import { MAX_TOML_BYTES, parseTomlText } from './toml.js';

/** How to reach the cloud requirements service and where to keep its signed cache. */
export interface CloudSourceOptions {
  /** `http:` or `https:` URL answering GET with a body described in `cloud-payload.ts`. */
  readonly endpoint: string;
  /** Sent as `Authorization: Bearer <token>`; no Authorization header without one. */
  readonly token?: string;
  /** Who the requirements are for (account and user); a cache written for anyone else is ignored. */
  readonly identity: string;
  /** The cache file (rewritten atomically after each successful fetch). Without it and `cacheKey` nothing is cached: every load asks the service. */
  readonly cacheFile?: string;
  /** HMAC-SHA256 key signing the cache; keep it out of reach of the user the cache constrains. */
  readonly cacheKey?: Buffer | string;
  /** When true, no valid cache and a failed fetch stop loading with an error; by default loading goes on without the layer, with a warning. */
  readonly failClosed?: boolean;
  /** Overall bound on fetching, retries and pauses included, in ms (default 5000). */
  readonly timeoutMs?: number;
  /** Extra attempts after the first, on network errors, 5xx and 429 (default 2). */
  readonly retries?: number;
  /** First pause between attempts in ms, doubled each time (default 250). */
  readonly retryDelayMs?: number;
  /** How long a fetched answer may be used from the cache, in ms (default one hour). */
  readonly maxAgeMs?: number;
  /** Folder relative paths in the cloud requirements resolve against (Codex: `CODEX_HOME`). */
  readonly baseDir?: string;
  /** Display name of the layer (default `cloud requirements`; a group rule adds ` (group NAME)`). */
  readonly label?: string;
  /** Clock, ms since the epoch (default `Date.now`). */
  readonly now?: () => number;
  /** The HTTP GET (default: `node:http`/`node:https`). */
  readonly fetch?: CloudFetch;
}

export const CLOUD_DEFAULTS = { timeoutMs: 5000, retries: 2, retryDelayMs: 250, maxAgeMs: 60 * 60 * 1000 } as const;

/** Notices for a cache that was not used: routine misses are `info`, a damaged or unreadable cache a `warning`. */
const CACHE_SEVERITY: Record<CacheMiss, 'warning' | 'info' | undefined> = {
  missing: 'info',
  unreadable: 'warning',
  tampered: 'warning',
  endpoint: 'info',
  identity: 'info',
  future: 'info',
  expired: 'info',
};

function validEndpoint(endpoint: string): boolean {
  try {
    const { protocol } = new URL(endpoint);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Cloud-managed requirements, applied as the seed documents: a valid, unexpired, correctly signed cache entry for
 * this identity and endpoint is used as is; otherwise (missing, expired, tampered, another identity — each noted)
 * the service is asked, with bounded retries under one overall deadline, and a successful answer is cached
 * (signed, written atomically). With neither, loading continues without the layer and warns — or, with
 * `failClosed`, stops with an error naming the source. The result's `detail` says whether the layer came from the
 * cache or the network and how old it is.
 */
export function cloudRequirementsSource(options: CloudSourceOptions): RequirementsSourceLoader {
  const label = options.label ?? 'cloud requirements';
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? CLOUD_DEFAULTS.timeoutMs;
  const cache =
    options.cacheFile !== undefined && options.cacheKey !== undefined
      ? { file: options.cacheFile, key: options.cacheKey }
      : undefined;
  const maxAgeMs = options.maxAgeMs ?? CLOUD_DEFAULTS.maxAgeMs;
  const failure = (kind: FatalKind, message: string, suggestion: string): Diagnostic => ({
    kind,
    severity: 'error',
    source: label,
    message,
    suggestion,
  });
  const notice = (
    severity: 'warning' | 'info',
    kind: DiagnosticKind,
    message: string,
    suggestion?: string,
  ): Diagnostic => ({
    kind,
    severity,
    source: label,
    message,
    ...(suggestion !== undefined && { suggestion }),
  });

  /** Turns a body into the result: a layer from the chosen TOML, none for no requirements, or why it is invalid. */
  const fromBody = (body: string, detail: SourceDetail): SourceResult | string => {
    const picked = selectCloudRequirements(body);
    if (!picked.ok) return `the service answered with an invalid body: ${picked.message}`;
    const { toml, group } = picked.selection;
    if (toml === undefined) return { layers: [], diagnostics: [], detail };
    const source: RequirementSource = {
      kind: 'cloud',
      label: group !== undefined ? `${label} (group ${group})` : label,
      ...(options.baseDir !== undefined && { baseDir: options.baseDir }),
    };
    const read = parseTomlText(toml, source.label);
    if (!read.ok) return `the requirements are not valid TOML: ${read.diagnostic.message}`;
    const layer: LayerInput = { source, format: 'requirements', table: read.table };
    return { layers: [layer], diagnostics: [], detail };
  };

  const NETWORK_FIX = 'check the network and the service';
  const ADMIN_FIX = 'the workspace-managed requirements are invalid; contact your workspace admin';
  const unavailable = (notes: Diagnostic[], why: string, fix: string): SourceResult => {
    const message = `cannot get ${label} from ${options.endpoint}: ${why}`;
    if (options.failClosed) {
      return {
        layers: [],
        diagnostics: [...notes, failure('read-failed', message, `${fix}; ${label} are required here`)],
      };
    }
    const warning = notice('warning', 'not-enforced', `${message}; continuing without them`, fix);
    return { layers: [], diagnostics: [...notes, warning] };
  };

  return {
    id: `cloud:${options.endpoint}`,
    description: `${options.label ?? 'cloud-managed requirements'} from ${options.endpoint} (${cache ? `cache ${cache.file}` : 'not cached'})`,
    async load(): Promise<SourceResult> {
      if (!validEndpoint(options.endpoint)) {
        return {
          layers: [],
          diagnostics: [
            failure(
              'invalid-value',
              `endpoint "${options.endpoint}" is not an http(s) URL`,
              'set the cloud endpoint to an https:// URL',
            ),
          ],
        };
      }
      if (options.cacheKey !== undefined && options.cacheKey.length === 0) {
        return {
          layers: [],
          diagnostics: [failure('invalid-value', 'the cache key is empty', 'give a secret HMAC key for the cache')],
        };
      }
      const notes: Diagnostic[] = [];
      const started = now();
      const cached = cache
        ? readCache(cache.file, cache.key, { endpoint: options.endpoint, identity: options.identity, now: started })
        : undefined;
      if (cached?.ok) {
        const ageMs = Math.max(0, started - cached.entry.fetchedAt);
        const used = fromBody(cached.entry.content, { from: 'cache', location: cache!.file, ageMs });
        if (typeof used !== 'string') return used;
        notes.push(
          notice('warning', 'read-failed', `the cache ${cache!.file} holds unusable content (${used}); fetching again`),
        );
      } else if (cached) {
        const severity = CACHE_SEVERITY[cached.miss];
        if (severity)
          notes.push(notice(severity, 'read-failed', `${cached.message}; fetching from ${options.endpoint}`));
      }

      const outcome = await fetchWithRetries({
        url: options.endpoint,
        headers: {
          ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
          accept: 'application/json, application/toml;q=0.9, text/plain;q=0.5',
          'user-agent': 'ratchet',
        },
        fetch: options.fetch ?? nodeFetch,
        timeoutMs,
        retries: Math.max(0, Math.floor(options.retries ?? CLOUD_DEFAULTS.retries)),
        retryDelayMs: Math.max(0, options.retryDelayMs ?? CLOUD_DEFAULTS.retryDelayMs),
        maxBytes: MAX_TOML_BYTES,
      });
      if (!outcome.ok) return unavailable(notes, outcome.reason, NETWORK_FIX);
      const fetched = fromBody(outcome.body, { from: 'network', location: options.endpoint, ageMs: 0 });
      if (typeof fetched === 'string') return unavailable(notes, fetched, ADMIN_FIX);

      if (!cache) return fetched;
      const fetchedAt = now();
      const entry = {
        endpoint: options.endpoint,
        identity: options.identity,
        fetchedAt,
        expiresAt: fetchedAt + maxAgeMs,
        content: outcome.body,
      };
      try {
        writeFileAtomic(cache.file, signCacheEntry(entry, cache.key));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        notes.push(
          notice(
            'warning',
            'read-failed',
            `cannot write the cache ${cache.file} (${code}); the next start fetches again`,
          ),
        );
      }
      return { ...fetched, diagnostics: [...notes, ...fetched.diagnostics] };
    },
  };
}
