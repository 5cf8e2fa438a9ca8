import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultConfigPath, systemRequirementsPath, type Platform } from '@ratchet/core';
import type { PolicyFlags } from './host.js';

/** The `.rules` files of a folder, sorted by path (a missing folder has none). */
function rulesIn(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((f) => f.endsWith('.rules'))
      .sort()
      .map((f) => join(folder, f))
      .filter((f) => statSync(f).isFile());
  } catch {
    return [];
  }
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
