import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultConfigPath, systemRequirementsPath, type Platform } from '@ratchet/core';
import type { PolicyFlags } from './host.js';

/**
 * The `.rules` files of a folder, sorted by path; a missing folder has none. Anything else fails closed: a folder
 * that cannot be listed throws (the command names it, exit 2), and an entry that cannot be inspected (a dangling
 * link) is kept, so reading it reports the problem instead of its rules going missing.
 */
function rulesIn(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const isFolder = (path: string) => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  };
  return names
    .filter((f) => f.endsWith('.rules'))
    .sort()
    .map((f) => join(folder, f))
    .filter((path) => !isFolder(path));
}

/** `--rules` files, or else the rules folders beside the default requirements (system) and config (user). */
export function userRulesFiles(named: readonly string[], flags: PolicyFlags, platform: Platform): string[] {
  if (named.length > 0) return [...named];
  const system =
    flags.requirements.length === 0 && !flags.noDefaultSources
      ? rulesIn(join(dirname(systemRequirementsPath(platform)), 'rules'))
      : [];
  return [...system, ...rulesIn(join(dirname(defaultConfigPath(platform)), 'rules'))];
}
