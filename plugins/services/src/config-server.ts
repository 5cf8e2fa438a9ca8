import {
  abbreviate,
  cloudRequirementsSource,
  createProvider,
  type CloudSourceOptions,
  type JsonSchema,
  type Reporter,
  type RequirementsSourceLoader,
} from '@ratchet/core';
import { CONFIG_SERVER_PROVIDER } from './keys.js';
import { missingField, readClosedTable, readStrings, tableValue, wrongType } from './read.js';

/** `[config_server.oauth]`: how Codex signs in to the config server. */
export interface ConfigServerOAuth {
  readonly authorization_url: string;
  readonly token_url: string;
  readonly client_id: string;
  readonly device_authorization_url?: string;
  readonly resource?: string;
  readonly scopes?: readonly string[];
  readonly redirect_port?: number;
}

/** `[config_server]`: where requirements are fetched from at start-up. */
export interface ConfigServer {
  readonly base_url: string;
  readonly oauth?: ConfigServerOAuth;
}

/** The config-server provider's requirement. */
export interface ConfigServerRequirement {
  readonly config_server?: ConfigServer;
}

/** How the host reaches a config server: the cloud source's options other than the endpoint (default: uncached, no token). */
export type ConfigServerOptions = Partial<Omit<CloudSourceOptions, 'endpoint' | 'failClosed' | 'label'>>;

const KEY = 'config_server';
const FIELDS = ['base_url', 'oauth'] as const;
const OAUTH = `${KEY}.oauth`;
const OAUTH_FIELDS = [
  'authorization_url',
  'token_url',
  'device_authorization_url',
  'client_id',
  'resource',
  'scopes',
  'redirect_port',
] as const;
const OAUTH_REQUIRED = ['authorization_url', 'token_url', 'client_id'] as const;
const OAUTH_URLS = new Set(['authorization_url', 'token_url', 'device_authorization_url']);

/** Why a config-server URL is refused (0.171's words), or undefined when it is an https URL without userinfo, fragment or query. */
function urlProblem(raw: string, field: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `${field} is not a URL: "${abbreviate(raw)}"`;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.hash !== '' || raw.includes('#'))
    return 'config_server URLs must use HTTPS without userinfo or fragments';
  if (field === `${KEY}.base_url` && (url.search !== '' || raw.includes('?')))
    return 'config_server.base_url must not contain a query';
  return undefined;
}

function readUrl(raw: unknown, key: string, report: Reporter): string | undefined {
  if (typeof raw !== 'string') return wrongType(report, key, 'a string', raw, `write ${key} = "https://..."`);
  const problem = urlProblem(raw, key);
  if (problem === undefined) return raw;
  report({
    severity: 'error',
    kind: 'invalid-value',
    key,
    message: problem,
    suggestion: `write ${key} as an https:// URL`,
  });
  return undefined;
}

function readOAuth(raw: unknown, report: Reporter): ConfigServerOAuth | undefined {
  const table = readClosedTable(raw, OAUTH, OAUTH_FIELDS, report);
  if (!table) return undefined;
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const field of OAUTH_FIELDS) {
    const value = table[field];
    const key = `${OAUTH}.${field}`;
    if (value === undefined) {
      if ((OAUTH_REQUIRED as readonly string[]).includes(field)) {
        missingField(report, OAUTH, field, `add ${field} to [${OAUTH}]`);
        ok = false;
      }
      continue;
    }
    let read: unknown;
    if (OAUTH_URLS.has(field)) read = readUrl(value, key, report);
    else if (field === 'scopes') read = readStrings(value, key, report);
    else if (field === 'redirect_port')
      read =
        typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535
          ? value
          : wrongType(report, key, 'u16', value, `write ${key} = 8765`);
    else read = typeof value === 'string' ? value : wrongType(report, key, 'a string', value, `write ${key} = "..."`);
    if (read === undefined) ok = false;
    else out[field] = read;
  }
  return ok ? (out as unknown as ConfigServerOAuth) : undefined;
}

function parseConfigServer(raw: unknown, report: Reporter): ConfigServer | undefined {
  const table = readClosedTable(raw, KEY, FIELDS, report);
  if (!table) return undefined;
  if (table.base_url === undefined)
    return missingField(report, KEY, 'base_url', `add base_url = "https://..." to [${KEY}]`);
  const base = readUrl(table.base_url, `${KEY}.base_url`, report);
  const oauth = table.oauth === undefined ? undefined : readOAuth(table.oauth, report);
  if (base === undefined || (table.oauth !== undefined && oauth === undefined)) return undefined;
  return { base_url: base, ...(oauth && { oauth }) };
}

const configServerSchema: JsonSchema = {
  properties: {
    [KEY]: {
      type: 'object',
      required: ['base_url'],
      additionalProperties: false,
      properties: {
        base_url: {
          type: 'string',
          pattern: '^https://[^#?@]*$',
          description: 'An https:// URL (no userinfo, fragment or query).',
        },
        oauth: {
          type: 'object',
          required: [...OAUTH_REQUIRED],
          additionalProperties: false,
          properties: {
            ...Object.fromEntries(OAUTH_FIELDS.map((f) => [f, { type: 'string' }])),
            scopes: { type: 'array', items: { type: 'string' } },
            redirect_port: { type: 'integer', minimum: 0, maximum: 65535 },
          },
        },
      },
      description:
        'A server requirements are fetched from at start-up (GET base_url, answered as the cloud service answers). Loading fails when it cannot be reached. Unknown fields are errors.',
    },
  },
};

/**
 * The config-server provider: `[config_server]` read as Codex 0.171 reads it. With it set, requirements are fetched
 * from `base_url` at start-up through the cloud source (`cloudRequirementsSource`: bounded retries under one
 * deadline, optional signed cache), failing closed as 0.171 does; the fetched layer ranks above every other.
 */
export function configServerProvider(options: ConfigServerOptions = {}) {
  const sourceFor = (server: ConfigServer): RequirementsSourceLoader =>
    cloudRequirementsSource({
      identity: server.base_url,
      ...options,
      endpoint: server.base_url,
      failClosed: true,
      label: `config server requirements`,
    });
  return createProvider({
    key: CONFIG_SERVER_PROVIDER,
    docs: {
      summary: 'Reads [config_server] and fetches requirements from it at start-up.',
      description:
        '[config_server] takes base_url (required; https without userinfo, fragment or query) and oauth ' +
        '(authorization_url, token_url, client_id required; device_authorization_url, resource, scopes, redirect_port); ' +
        'any other field stops loading. With it set, loading GETs base_url through the cloud source (retries, deadline, ' +
        'optional signed cache) and the answer ranks above every other layer; when no answer can be had, loading stops, ' +
        'as Codex 0.171 does ("Failed to load cloud config bundle"). The effective runtime value config_server names it.',
    },
    requirementKeys: [KEY],
    fields: { config_server: { docs: 'The server requirements are fetched from at start-up.' } },
    settings: {},
    outputs: [KEY],
    schema: configServerSchema,
    parse(slice, { report }) {
      const server = slice[KEY] === undefined ? undefined : parseConfigServer(slice[KEY], report);
      return server ? { config_server: server } : {};
    },
    tighten: (a, b) =>
      (a.config_server ?? b.config_server) ? { config_server: (a.config_server ?? b.config_server)! } : {},
    allows: () => true,
    resolve({ requirement: { value } }) {
      return {
        values: {
          config_server: tableValue(
            value.config_server,
            KEY,
            `requirements fetched from [${KEY}] base_url at start-up`,
          ),
        },
      };
    },
    print: (r) => (r.config_server ? { config_server: structuredClone(r.config_server) } : {}),
    sources: ({ value }) => (value.config_server ? [sourceFor(value.config_server)] : []),
  });
}
