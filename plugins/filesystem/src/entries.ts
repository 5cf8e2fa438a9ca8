import { dirname, isAbsolute, join, resolve } from 'node:path';
import { expectStringList, expectTable, type ParseContext, type Reporter, type Table } from '@ratchet/core';

/** The requirement field (and effective runtime key) holding the deny_read list. */
export const DENY_READ_FIELD = 'permissions.filesystem.deny_read';

/** Characters that make a deny_read entry a glob, as in Codex (`FilesystemDenyReadPattern`). */
const GLOB = /[*?[]/;

/** Profile keys that `[permissions.filesystem]` may not hold (newest Codex: it is reserved for requirement constraints). */
const PROFILE_KEYS = ['description', 'extends', 'workspace_roots', 'filesystem', 'network'];

export function isGlob(entry: string): boolean {
  return GLOB.test(entry);
}

/** Where relative entries of a layer resolve: its `baseDir` when the source gives one, else the folder of its file. */
function baseOf(source: ParseContext['source']): string | undefined {
  const baseDir = (source as { readonly baseDir?: string }).baseDir;
  return baseDir ?? (source.path !== undefined ? dirname(source.path) : undefined);
}

/**
 * One deny_read entry in canonical form: `~` and `~/` expand to the home folder; a plain path must be absolute or
 * resolve against the layer's folder; a glob keeps everything from the folder holding its first wildcard on, the
 * folder before it being made absolute the same way (`./private/**\/*.txt` → `/etc/codex/private/**\/*.txt`).
 */
export function normalizeEntry(
  raw: string,
  at: string,
  base: string | undefined,
  home: () => string,
  report: Reporter,
): string | undefined {
  if (raw.trim() === '') {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: at,
      message: 'a deny_read entry is blank',
      suggestion: 'write an absolute path or glob, or remove the entry',
    });
    return undefined;
  }
  if (/^~[^/]/.test(raw)) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: at,
      message: `"${raw}": only ~ and ~/ are expanded, not ~user`,
      suggestion: 'write the absolute path',
    });
    return undefined;
  }
  const text = raw === '~' || raw.startsWith('~/') ? join(home(), raw.slice(1)) : raw;
  const wildcard = text.search(GLOB);
  const cut = wildcard < 0 ? text.length : text.lastIndexOf('/', wildcard) + 1;
  const [prefix, suffix] = [text.slice(0, cut), text.slice(cut)];
  if (suffix.split('/').some((part) => part === '.' || part === '..')) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: at,
      message: `"${raw}": . and .. may not follow the first wildcard of a glob`,
      suggestion: 'write the folder part without . or ..',
    });
    return undefined;
  }
  let folder: string;
  if (isAbsolute(prefix)) folder = resolve(prefix);
  else if (base !== undefined) folder = resolve(base, prefix || '.');
  else {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: at,
      message: `"${raw}" is relative, but this requirements layer has no folder to resolve it against`,
      suggestion: 'write an absolute path (or start it with ~/), or put the entry in a requirements file',
    });
    return undefined;
  }
  if (suffix === '') return folder;
  return folder === '/' ? `/${suffix}` : `${folder}/${suffix}`;
}

/** The entries without repeats, first occurrence kept (higher layers come first). */
export function unique(entries: readonly string[]): string[] {
  return [...new Set(entries)];
}

/** Parses `[permissions]` of one layer: `filesystem.deny_read` is enforced; managed profiles are accepted and warned about. */
export function parsePermissions(raw: unknown, ctx: ParseContext, home: () => string): readonly string[] | undefined {
  const { report } = ctx;
  const permissions = expectTable(raw, 'permissions', report);
  if (!permissions) return undefined;
  let denyRead: string[] | undefined;
  for (const [name, value] of Object.entries(permissions)) {
    if (name !== 'filesystem') {
      report({
        severity: 'warning',
        kind: 'not-enforced',
        key: `permissions.${name}`,
        message: `managed permission profile [permissions.${name}] is accepted but not enforced`,
        suggestion: 'only [permissions.filesystem] deny_read is enforced; select profiles in config.toml',
      });
      continue;
    }
    const filesystem = expectTable(value, 'permissions.filesystem', report);
    for (const key of Object.keys(filesystem ?? {})) {
      if (PROFILE_KEYS.includes(key)) {
        report({
          severity: 'error',
          kind: 'invalid-value',
          key: `permissions.filesystem.${key}`,
          message:
            '`permissions.filesystem` is reserved for requirements-level filesystem constraints and cannot define a profile',
          suggestion: 'define the profile under another name, [permissions.<name>]',
        });
      } else if (key !== 'deny_read') {
        report({
          severity: 'warning',
          kind: 'unknown-key',
          key: `permissions.filesystem.${key}`,
          message: `unknown key "${key}" is ignored`,
          suggestion: 'did you mean "deny_read"?',
        });
      }
    }
    if (filesystem?.deny_read === undefined) continue;
    const list = expectStringList(filesystem.deny_read, DENY_READ_FIELD, report);
    if (!list) continue;
    const base = baseOf(ctx.source);
    const entries = list.map((entry, i) => normalizeEntry(entry, `${DENY_READ_FIELD}[${i}]`, base, home, report));
    if (entries.every((e) => e !== undefined)) denyRead = unique(entries);
  }
  return denyRead;
}

/** Back to a requirements slice. */
export function printDenyRead(entries: readonly string[]): Table {
  return { permissions: { filesystem: { deny_read: [...entries] } } };
}
