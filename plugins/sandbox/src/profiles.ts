import { isTable, typeName, type Reporter } from '@ratchet/core';
import type { SandboxMode } from './modes.js';

/** Codex's built-in permission profiles, by the name `default_permissions` gives them. */
export const BUILTIN_PROFILES: Readonly<Record<string, SandboxMode>> = {
  ':read-only': 'read-only',
  ':workspace': 'workspace-write',
  ':danger-full-access': 'danger-full-access',
};

/** What a config.toml `[permissions.<name>]` profile grants, reduced to the sandbox mode it amounts to. */
export type ProfileModes = Readonly<Record<string, SandboxMode>>;

/** `[permissions.<name>]` keys that are requirements-level, not profiles (`permissions.filesystem.deny_read`). */
const NOT_PROFILES = new Set(['filesystem']);

/**
 * The sandbox mode a profile amounts to, as Codex classifies a candidate profile: write access to `:root` is
 * danger-full-access, any other write access workspace-write, none read-only; `extends` starts from a built-in.
 */
function classify(profile: Readonly<Record<string, unknown>>): SandboxMode {
  const base = typeof profile.extends === 'string' ? BUILTIN_PROFILES[profile.extends] : undefined;
  const fs = isTable(profile.filesystem) ? profile.filesystem : {};
  const writes = Object.entries(fs)
    .filter(([, access]) => access === 'write')
    .map(([path]) => path);
  if (base === 'danger-full-access' || writes.includes(':root') || writes.includes('/')) return 'danger-full-access';
  if (base === 'workspace-write' || writes.length > 0) return 'workspace-write';
  return 'read-only';
}

/** The sandbox mode of every profile config.toml's `[permissions]` defines. */
export function parseProfiles(raw: unknown, key: string, report: Reporter): ProfileModes | undefined {
  if (!isTable(raw)) {
    report({
      severity: 'error',
      kind: 'invalid-type',
      key,
      message: `invalid type: expected a table of permission profiles, found ${typeName(raw)}`,
      suggestion: 'write [permissions.<name>] tables',
    });
    return undefined;
  }
  const out: Record<string, SandboxMode> = {};
  for (const [name, profile] of Object.entries(raw))
    if (!NOT_PROFILES.has(name) && isTable(profile)) out[name] = classify(profile);
  return out;
}

/** The mode `default_permissions` selects: a built-in, or a profile `[permissions]` defines; undefined for an unknown name. */
export function profileMode(name: string, profiles: ProfileModes | undefined): SandboxMode | undefined {
  return BUILTIN_PROFILES[name] ?? (profiles && Object.hasOwn(profiles, name) ? profiles[name] : undefined);
}
