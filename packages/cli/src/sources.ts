import { join } from 'node:path';
import type { CloudSourceOptions, DefaultSourcesOptions, Platform, RequirementsSourceLoader } from '@ratchet/core';
import type { HostSourcesOptions, RatchetHost } from '@ratchet/host';
import type { PolicyFlags } from './host.js';

/** An environment to read settings from (`process.env` in the command). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The environment variables that configure the `ratchet` command's cloud and MDM sources.
 *
 * Cloud (off unless `RATCHET_CLOUD_ENDPOINT` is set; then token, identity and cache key are required):
 * - `RATCHET_CLOUD_ENDPOINT`   http(s) URL of the requirements service (GET, `Authorization: Bearer <token>`);
 * - `RATCHET_CLOUD_TOKEN`      the bearer token;
 * - `RATCHET_CLOUD_IDENTITY`   who the requirements are for (a cache written for another identity is ignored);
 * - `RATCHET_CLOUD_CACHE_KEY`  HMAC-SHA256 key signing the local cache (its UTF-8 bytes);
 * - `RATCHET_CLOUD_CACHE_FILE` optional; default `$CODEX_HOME/ratchet-cloud-requirements.cache`, else `~/.codex/…`;
 * - `RATCHET_CLOUD_FAIL_CLOSED` `1` (or `true`): with no valid cache and a failed fetch, stop instead of going on
 *   without the cloud layer.
 * Relative paths in cloud requirements resolve against `$CODEX_HOME` (else `~/.codex`), as in Codex.
 *
 * MDM: on macOS the managed preferences `com.openai.codex` / `requirements_toml_base64` (requirements) and
 * `config_toml_base64` (legacy managed config) are always read. Elsewhere:
 * - `RATCHET_MDM_REQUIREMENTS_BASE64` the base64 requirements payload itself, else
 * - `RATCHET_MDM_REQUIREMENTS_FILE`   a file holding that base64 text, not the TOML (missing file = no layer);
 * - `RATCHET_MDM_MANAGED_CONFIG_BASE64` / `RATCHET_MDM_MANAGED_CONFIG_FILE` the same for the legacy managed config.
 */
export const SOURCE_ENV = {
  cloudEndpoint: 'RATCHET_CLOUD_ENDPOINT',
  cloudToken: 'RATCHET_CLOUD_TOKEN',
  cloudIdentity: 'RATCHET_CLOUD_IDENTITY',
  cloudCacheKey: 'RATCHET_CLOUD_CACHE_KEY',
  cloudCacheFile: 'RATCHET_CLOUD_CACHE_FILE',
  cloudFailClosed: 'RATCHET_CLOUD_FAIL_CLOSED',
  mdmBase64: 'RATCHET_MDM_REQUIREMENTS_BASE64',
  mdmFile: 'RATCHET_MDM_REQUIREMENTS_FILE',
  mdmManagedConfigBase64: 'RATCHET_MDM_MANAGED_CONFIG_BASE64',
  mdmManagedConfigFile: 'RATCHET_MDM_MANAGED_CONFIG_FILE',
} as const;

const set = (value: string | undefined): value is string => value !== undefined && value !== '';

function codexHome(platform: Platform, env: Env): string {
  return set(env.CODEX_HOME) ? env.CODEX_HOME : join(platform.homedir, '.codex');
}

/** The cloud options the environment describes: undefined when cloud is off, or the names of the missing variables. */
export function cloudOptionsFromEnv(
  platform: Platform,
  env: Env,
): CloudSourceOptions | { readonly missing: readonly string[] } | undefined {
  const endpoint = env[SOURCE_ENV.cloudEndpoint];
  if (!set(endpoint)) return undefined;
  const token = env[SOURCE_ENV.cloudToken];
  const identity = env[SOURCE_ENV.cloudIdentity];
  const cacheKey = env[SOURCE_ENV.cloudCacheKey];
  if (!set(token) || !set(identity) || !set(cacheKey)) {
    const missing = [SOURCE_ENV.cloudToken, SOURCE_ENV.cloudIdentity, SOURCE_ENV.cloudCacheKey].filter(
      (name) => !set(env[name]),
    );
    return { missing };
  }
  const home = codexHome(platform, env);
  const cacheFile = env[SOURCE_ENV.cloudCacheFile];
  const failClosed = env[SOURCE_ENV.cloudFailClosed];
  return {
    endpoint,
    token,
    identity,
    cacheKey,
    cacheFile: set(cacheFile) ? cacheFile : join(home, 'ratchet-cloud-requirements.cache'),
    failClosed: failClosed === '1' || failClosed?.toLowerCase() === 'true',
    baseDir: home,
  };
}

/** A source standing for a cloud configuration that cannot work: loading it reports what is missing. */
function misconfiguredCloud(endpoint: string, missing: readonly string[]): RequirementsSourceLoader {
  return {
    id: `cloud:${endpoint}`,
    description: `cloud-managed requirements from ${endpoint} (not usable: ${missing.join(', ')} not set)`,
    load: () => ({
      layers: [],
      diagnostics: [
        {
          kind: 'invalid-value',
          severity: 'error',
          source: 'cloud requirements',
          message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set, but ${SOURCE_ENV.cloudEndpoint} is`,
          suggestion: `set them, or unset ${SOURCE_ENV.cloudEndpoint}`,
        },
      ],
    }),
  };
}

/** MDM options for this platform: managed preferences on macOS; elsewhere the two variables given, when one is set. */
function mdmOptions(platform: Platform, env: Env, envVar: string, fileVar: string): DefaultSourcesOptions['mdm'] {
  if (platform.os === 'darwin') return {};
  const file = env[fileVar];
  if (!set(env[envVar]) && !set(file)) return undefined;
  return { env, envVar, ...(set(file) && { file }) };
}

/** A default source that is not configured in this environment, and how to configure it. */
export interface UnconfiguredSource {
  readonly id: string;
  readonly description: string;
  readonly how: string;
}

/** A default source in precedence order: one to read, or one that is not configured. */
export type SourceSlot = RequirementsSourceLoader | UnconfiguredSource;

export const isConfigured = (slot: SourceSlot): slot is RequirementsSourceLoader => 'load' in slot;

const MDM_HOW = (base64: string, file: string, what: string) =>
  `set ${base64} to the base64 of a ${what}, or ${file} to a file holding that base64 text (not the TOML itself)`;

/**
 * Every default source the `ratchet` command looks for, highest first, configured or not: cloud (when
 * `RATCHET_CLOUD_ENDPOINT` is set), MDM, the system `requirements.toml`, the MDM legacy managed config, the legacy
 * `managed_config.toml` — configured from `env` as `SOURCE_ENV` documents.
 */
export function defaultSourceSlots(host: RatchetHost, env: Env): SourceSlot[] {
  const platform = { ...host.platform, env };
  const cloud = cloudOptionsFromEnv(platform, env);
  const mdm = mdmOptions(platform, env, SOURCE_ENV.mdmBase64, SOURCE_ENV.mdmFile);
  const mdmManagedConfig = mdmOptions(
    platform,
    env,
    SOURCE_ENV.mdmManagedConfigBase64,
    SOURCE_ENV.mdmManagedConfigFile,
  );
  const options: HostSourcesOptions = {
    ...(cloud && !('missing' in cloud) && { cloud }),
    ...(mdm && { mdm }),
    ...(mdmManagedConfig && { mdmManagedConfig }),
  };
  const slots: SourceSlot[] = host.with({ services: { platform } }).defaultSources(options);
  if (cloud && 'missing' in cloud)
    slots.unshift(misconfiguredCloud(env[SOURCE_ENV.cloudEndpoint] ?? '', cloud.missing));
  const before = (prefix: string) =>
    Math.max(
      0,
      slots.findIndex((s) => s.id.startsWith(prefix)),
    );
  if (!mdmManagedConfig)
    slots.splice(before('legacy:'), 0, {
      id: 'mdm-legacy',
      description: 'MDM legacy managed config (base64 TOML)',
      how: MDM_HOW(SOURCE_ENV.mdmManagedConfigBase64, SOURCE_ENV.mdmManagedConfigFile, 'managed_config.toml'),
    });
  if (!mdm)
    slots.splice(before('system:'), 0, {
      id: 'mdm',
      description: 'MDM requirements payload (base64 TOML)',
      how: MDM_HOW(SOURCE_ENV.mdmBase64, SOURCE_ENV.mdmFile, 'requirements.toml'),
    });
  if (!cloud)
    slots.unshift({
      id: 'cloud',
      description: 'cloud-managed requirements',
      how: `set ${SOURCE_ENV.cloudEndpoint}, ${SOURCE_ENV.cloudToken}, ${SOURCE_ENV.cloudIdentity} and ${SOURCE_ENV.cloudCacheKey}`,
    });
  return slots;
}

/** The `ratchet` command's default requirements sources that are configured, highest first. */
export function platformSources(host: RatchetHost, env: Env): RequirementsSourceLoader[] {
  return defaultSourceSlots(host, env).filter(isConfigured);
}

/** The sources the policy flags name: the `--requirements` files and `--managed-config`, else the platform's defaults. */
export function sourcesFor(
  flags: PolicyFlags,
  host: RatchetHost,
  env: Env = host.platform.env,
): RequirementsSourceLoader[] {
  return sourceSlotsFor(flags, host, env).filter(isConfigured);
}

/** As `sourcesFor`, with the default sources that are not configured in their places. */
export function sourceSlotsFor(flags: PolicyFlags, host: RatchetHost, env: Env = host.platform.env): SourceSlot[] {
  const named = flags.requirements.map((path) => host.requirementsFile(path));
  if (flags.managedConfig !== undefined) named.push(host.managedConfigFile(flags.managedConfig, { optional: false }));
  return named.length > 0 || flags.noDefaultSources ? named : defaultSourceSlots(host, env);
}
