import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { readTextFile } from '../io/read-file.js';
import { decodeBase64Toml } from './payload.js';
import type { RequirementSource, RequirementsSourceLoader, SourceDetail, SourceResult } from './source.js';
import { MAX_TOML_BYTES } from './toml.js';

/** What a finished command gave back. `error` is set when it could not run or was killed (`timeout`). */
export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error?: 'timeout' | 'spawn-failed' | 'too-large';
  /** Details of `error` (the spawn error's message). */
  readonly reason?: string;
}

/** Runs a command without a shell; injectable so the macOS path can be tested anywhere. Must never reject. */
export type CommandRunner = (command: string, args: readonly string[], timeoutMs: number) => Promise<CommandResult>;

/** Runs a command with `execFile`, killing it (SIGKILL) once `timeoutMs` passes. */
export const execFileRunner: CommandRunner = (command, args, timeoutMs) =>
  new Promise((resolve) => {
    // Loaded on first use: a host that never reads macOS preferences does not pay for loading child processes.
    process.getBuiltinModule('node:child_process').execFile(
      command,
      [...args],
      {
        encoding: 'utf8',
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 2 * MAX_TOML_BYTES,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ status: 0, stdout, stderr });
        const e = error as Error & { killed?: boolean; signal?: string | null; code?: number | string };
        if (e.killed && e.signal === 'SIGKILL') return resolve({ status: null, stdout, stderr, error: 'timeout' });
        if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          return resolve({ status: null, stdout, stderr, error: 'too-large' });
        if (typeof e.code === 'number') return resolve({ status: e.code, stdout, stderr });
        resolve({ status: null, stdout, stderr, error: 'spawn-failed', reason: e.message });
      },
    );
  });

/** Where the MDM payload is read from. */
export interface MdmSourceOptions {
  /** macOS reads managed preferences with `defaults`; every other system reads `envVar`, then `file`. */
  readonly os: NodeJS.Platform;
  /** macOS: runs `defaults read DOMAIN KEY` (default: `execFile` of `/usr/bin/defaults`). */
  readonly runner?: CommandRunner;
  /** macOS: bound on the `defaults` call, in ms (default 3000); past it loading stops with an error. */
  readonly timeoutMs?: number;
  /** macOS: preference domain (default `/Library/Managed Preferences/com.openai.codex`: administrator-forced values only). */
  readonly domain?: string;
  /** macOS: preference key (default `requirements_toml_base64`). */
  readonly key?: string;
  /** Elsewhere: the environment to read `envVar` from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Elsewhere: name of an environment variable holding the base64 payload (a host's choice; unset or empty = not there). */
  readonly envVar?: string;
  /** Elsewhere: a file holding the base64 payload (missing = no layer; any other read error stops loading). */
  readonly file?: string;
  /**
   * What the payload holds: requirements (default; key `requirements_toml_base64`), or a legacy managed config
   * (key `config_toml_base64`), which both sets the top config layer and is read back as requirements.
   */
  readonly format?: 'requirements' | 'managed-config';
}

export const MDM_DOMAIN = 'com.openai.codex';
/** Where macOS keeps the values an administrator's profile forces; the user's own `defaults write` never lands here. */
export const MDM_MANAGED_PATH = `/Library/Managed Preferences/${MDM_DOMAIN}`;
export const MDM_REQUIREMENTS_KEY = 'requirements_toml_base64';
export const MDM_MANAGED_CONFIG_KEY = 'config_toml_base64';
/** How Codex names the MDM legacy managed config in messages. */
export const MDM_MANAGED_CONFIG_LABEL = 'MDM managed_config.toml (legacy)';
const DEFAULTS = '/usr/bin/defaults';

function failure(label: string, message: string, suggestion: string): SourceResult {
  const diagnostic: Diagnostic = { kind: 'read-failed', severity: 'error', source: label, message, suggestion };
  return { layers: [], diagnostics: [diagnostic] };
}

const isManagedConfig = (options: MdmSourceOptions) => options.format === 'managed-config';

/** The source a payload's layer is attributed to: `fallback` for requirements, Codex's legacy label for a managed config. */
const sourceOf = (options: MdmSourceOptions, fallback: string): RequirementSource =>
  isManagedConfig(options) ? { kind: 'legacy', label: MDM_MANAGED_CONFIG_LABEL } : { kind: 'mdm', label: fallback };

/** Decodes a found payload into one layer; an empty payload is no layer. */
function fromPayload(
  payload: string,
  source: RequirementSource,
  detail: SourceDetail,
  options: MdmSourceOptions,
): SourceResult {
  if (payload.trim() === '') return { layers: [], diagnostics: [], detail };
  const read = decodeBase64Toml(payload, source.label);
  if (!read.ok) return { layers: [], diagnostics: [read.diagnostic], detail };
  return { layers: [{ source, format: options.format ?? 'requirements', table: read.table }], diagnostics: [], detail };
}

function macosSource(options: MdmSourceOptions): RequirementsSourceLoader {
  // By default only administrator-forced values are read: a user-written preference must never sit above the system file.
  const domain = options.domain ?? MDM_MANAGED_PATH;
  const key = options.key ?? (isManagedConfig(options) ? MDM_MANAGED_CONFIG_KEY : MDM_REQUIREMENTS_KEY);
  const timeoutMs = options.timeoutMs ?? 3000;
  const runner = options.runner ?? execFileRunner;
  const source = sourceOf(options, `MDM ${domain === MDM_MANAGED_PATH ? MDM_DOMAIN : domain}:${key}`);
  const label = source.label;
  return {
    id: `${isManagedConfig(options) ? 'mdm-legacy' : 'mdm'}:${domain === MDM_MANAGED_PATH ? MDM_DOMAIN : domain}:${key}`,
    description: `macOS managed preference ${domain} ${key} (base64 ${isManagedConfig(options) ? 'legacy managed config' : 'requirements'} TOML)`,
    async load() {
      const result = await runner(DEFAULTS, ['read', domain, key], timeoutMs);
      const fix = 'check the managed preferences profile';
      if (result.error === 'timeout')
        return failure(label, `\`defaults read\` gave no answer within ${timeoutMs} ms`, fix);
      if (result.error === 'too-large')
        return failure(label, `payload is larger than ${2 * MAX_TOML_BYTES} bytes`, 'keep policy payloads small');
      if (result.error) return failure(label, `cannot run ${DEFAULTS}: ${result.reason ?? result.error}`, fix);
      // `defaults` exits 1 with "... does not exist" when the domain or the key is not set: no layer.
      if (result.status !== 0 && /does not exist/i.test(result.stderr)) return { layers: [], diagnostics: [] };
      if (result.status !== 0) {
        const why = result.stderr.trim().split('\n')[0] || `exit status ${result.status}`;
        return failure(label, `\`defaults read\` failed: ${why}`, fix);
      }
      return fromPayload(result.stdout, source, { from: 'preferences', location: `${domain}:${key}` }, options);
    },
  };
}

function portableSource(options: MdmSourceOptions): RequirementsSourceLoader {
  const { envVar, file } = options;
  const env = options.env ?? {};
  const where = [envVar !== undefined && `$${envVar}`, file].filter(
    (w): w is string => typeof w === 'string' && w !== '',
  );
  const what = isManagedConfig(options) ? 'MDM legacy managed config payload' : 'MDM requirements payload';
  return {
    id: `${isManagedConfig(options) ? 'mdm-legacy' : 'mdm'}:${where.join(',') || 'none'}`,
    description: where.length > 0 ? `${what} (base64 TOML) from ${where.join(', then ')}` : `${what} (not configured)`,
    load() {
      const value = envVar !== undefined ? env[envVar] : undefined;
      if (envVar !== undefined && value !== undefined && value.trim() !== '') {
        return fromPayload(value, sourceOf(options, `MDM $${envVar}`), { from: 'env', location: envVar }, options);
      }
      if (file === undefined || file === '') return { layers: [], diagnostics: [] };
      const label = `MDM ${file}`;
      const read = readTextFile(file, {
        maxBytes: 2 * MAX_TOML_BYTES,
        label,
        tooLargeFix: 'keep policy payloads small',
      });
      if (!read.ok)
        return read.code === 'ENOENT'
          ? { layers: [], diagnostics: [] }
          : { layers: [], diagnostics: [read.diagnostic] };
      const text = read.text;
      return fromPayload(text, sourceOf(options, label), { from: 'file', location: file }, options);
    },
  };
}

/**
 * The MDM requirements layer: a base64-encoded requirements TOML. On macOS it is the managed preference
 * `com.openai.codex` / `requirements_toml_base64`, read with `defaults read` under a timeout (an absent key or
 * domain is no layer). Elsewhere a host chooses an environment variable and/or a file holding the payload.
 * Invalid base64, UTF-8 or TOML stops loading with an error whose source names the MDM payload.
 */
export function mdmRequirementsSource(options: MdmSourceOptions): RequirementsSourceLoader {
  return options.os === 'darwin' ? macosSource(options) : portableSource(options);
}
