import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import {
  defaultConfigPath,
  MAX_TOML_BYTES,
  systemRequirementsPath,
  throwIfErrors,
  type Diagnostic,
  type FatalKind,
} from '@ratchet/core';
import { loadRulesFiles, RulesFileError, type RulesFileText, type UserRules } from '@ratchet/plugin-command-rules';
import { currentPlatform, type PolicyFlags } from './host.js';

/** `--rules FILE` (repeatable): user `.rules` files read instead of the default rules folders. */
export const rulesOption = {
  rules: { type: 'string', multiple: true, default: [] as string[] },
} satisfies ParseArgsConfig['options'];

function problem(
  file: string,
  key: string | undefined,
  kind: FatalKind,
  message: string,
  suggestion: string,
): Diagnostic {
  return {
    kind,
    severity: 'error',
    source: file,
    ...(key !== undefined && { key }),
    message,
    suggestion,
    provider: 'command-rules',
  };
}

/** Reads a rules file; a missing, unreadable or oversized file is invalid input. */
function readRules(path: string): RulesFileText {
  try {
    if (statSync(path).size > MAX_TOML_BYTES) {
      throwIfErrors([
        problem(path, undefined, 'too-large', `file is larger than ${MAX_TOML_BYTES} bytes`, 'keep rules files small'),
      ]);
    }
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throwIfErrors([
      problem(path, undefined, 'read-failed', `cannot read rules file (${code})`, 'check the path and its permissions'),
    ]);
    throw error;
  }
}

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
function userRulesFiles(named: readonly string[], flags: PolicyFlags): string[] {
  if (named.length > 0) return [...named];
  const platform = currentPlatform();
  const system =
    flags.requirements.length === 0 && !flags.noDefaultSources
      ? rulesIn(join(dirname(systemRequirementsPath(platform)), 'rules'))
      : [];
  return [...system, ...rulesIn(join(dirname(defaultConfigPath(platform)), 'rules'))];
}

/** The user's rules for a command: a file that cannot be read or parsed is invalid input (exit 2, with file, line and column). */
export function loadUserRules(named: readonly string[], flags: PolicyFlags): UserRules {
  const files = userRulesFiles(named, flags).map(readRules);
  try {
    return loadRulesFiles(files, { homedir: currentPlatform().homedir });
  } catch (error) {
    if (!(error instanceof RulesFileError)) throw error;
    throwIfErrors([
      problem(
        error.file,
        `${error.line}:${error.column}`,
        'invalid-value',
        error.reason,
        'fix the rule; prefix_rule(pattern = [...], decision = "allow" | "prompt" | "forbidden")',
      ),
    ]);
    throw error;
  }
}
