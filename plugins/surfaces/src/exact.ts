import { dirname, isAbsolute, join, resolve } from 'node:path';
import { deepEqual, expectBoolean, expectEnum, expectString, type ParseContext, type Reporter } from '@ratchet/core';

/** Codex's `AuthCredentialsStoreMode` spellings. */
export const AUTH_STORES = ['file', 'keyring', 'auto', 'ephemeral'] as const;

/** Where the CLI keeps login credentials. */
export type AuthStore = (typeof AUTH_STORES)[number];

/** What strict layering makes of layers requiring different exact values: nothing satisfies it. */
export interface Conflict {
  readonly conflicting: readonly unknown[];
}

/** An exact value requirements write over the user's, or a conflict between layers (strict layering only). */
export type Pin<T> = T | Conflict;

/** Whether a pin is a conflict rather than a value. */
export function isConflict(value: unknown): value is Conflict {
  return typeof value === 'object' && value !== null && 'conflicting' in value;
}

/** The strict meet of two pins: equal values agree, different ones conflict. */
export function meetPin<T>(a: Pin<T> | undefined, b: Pin<T> | undefined): Pin<T> | undefined {
  if (a === undefined) return b;
  if (b === undefined || (!isConflict(a) && !isConflict(b) && deepEqual(a, b))) return a;
  const values = [a, b].flatMap((v) => (isConflict(v) ? v.conflicting : [v]));
  return { conflicting: values.filter((v, i) => values.findIndex((w) => deepEqual(v, w)) === i) };
}

/** The value type of an exact-value key. */
export type ExactType = 'auth' | 'string' | 'path' | 'bool';

/** One key `ConfigRequirementsToml::apply_exact_to_config` writes over config.toml; its setting has the same dotted name. */
export interface ExactKey {
  readonly key: string;
  readonly type: ExactType;
  readonly docs: string;
  /** Codex drops the key from cloud layers (`LOCAL_ONLY_AUTH_REQUIREMENTS`). */
  readonly localOnly?: boolean;
}

/** The exact-value keys, in the order Codex applies them. */
export const EXACT_KEYS: readonly ExactKey[] = [
  {
    key: 'cli_auth_credentials_store',
    type: 'auth',
    localOnly: true,
    docs: 'Where the CLI stores login credentials: file, keyring, auto or ephemeral.',
  },
  {
    key: 'chatgpt_base_url',
    type: 'string',
    localOnly: true,
    docs: 'The ChatGPT base URL the CLI signs in and talks to.',
  },
  { key: 'sqlite_home', type: 'path', docs: 'Folder of the state database.' },
  { key: 'log_dir', type: 'path', docs: 'Folder logs are written to.' },
  { key: 'model_catalog_json', type: 'path', docs: 'A JSON file with the model catalogue to use.' },
  {
    key: 'check_for_update_on_startup',
    type: 'bool',
    docs: 'Whether the CLI checks for a newer version when it starts.',
  },
  { key: 'allow_login_shell', type: 'bool', docs: 'Whether shell commands may run in a login shell.' },
  { key: 'feedback.enabled', type: 'bool', docs: 'Whether the feedback flow is offered.' },
];

/** Reads a user's or a requirement's value of an exact-value key by its type (paths are read as written). */
export function readExact(type: ExactType, raw: unknown, key: string, report: Reporter): unknown {
  if (type === 'bool') return expectBoolean(raw, key, report);
  if (type === 'auth') return expectEnum(raw, key, report, AUTH_STORES);
  return expectString(raw, key, report);
}

/**
 * A path written in a requirements layer, made absolute as Codex's `AbsolutePathBuf` does: `~` and `~/…` expand to
 * the home folder (`home` undefined: no expansion, as on Windows), a relative path resolves against the layer's
 * folder (its `baseDir`, else the folder of its file), and a layer without one cannot hold a relative path.
 */
export function requirementPath(
  raw: string,
  key: string,
  ctx: ParseContext,
  home: () => string | undefined,
): string | undefined {
  const homeDir = raw === '~' || raw.startsWith('~/') ? home() : undefined;
  const text = homeDir !== undefined ? join(homeDir, raw.slice(1)) : raw;
  if (isAbsolute(text)) return resolve(text);
  const base = ctx.source.baseDir ?? (ctx.source.path !== undefined ? dirname(ctx.source.path) : undefined);
  if (base !== undefined) return resolve(base, text);
  ctx.report({
    severity: 'error',
    kind: 'invalid-value',
    key,
    message: `"${raw}" is relative, but this requirements layer has no folder to resolve it against`,
    suggestion: 'write an absolute path (or start it with ~/), or put the key in a requirements file',
  });
  return undefined;
}
