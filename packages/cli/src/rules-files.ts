import {
  InputError,
  MAX_TOML_BYTES,
  readTextFile,
  throwIfErrors,
  type Diagnostic,
  type FatalKind,
} from '@ratchet/core';
import type { RulesFileText, UserRules } from '@ratchet/plugin-command-rules';
import { loadRulesFiles, RulesFileError } from '@ratchet/plugin-command-rules/rules-files';
import { currentPlatform, type PolicyFlags } from './host.js';
import { userRulesFiles } from './rules-paths.js';

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

/** Reads a rules file through the bounded reader; a missing, unreadable, special, oversized or non-UTF-8 file is invalid input. */
function readRules(path: string): RulesFileText {
  const read = readTextFile(path, { maxBytes: MAX_TOML_BYTES, tooLargeFix: 'keep rules files small' });
  if (!read.ok) throwIfErrors([{ ...read.diagnostic, provider: 'command-rules' }]);
  return { path, text: read.ok ? read.text : '' };
}

/** A rules file that does not parse, as a diagnostic naming the file, line and column. */
function parseProblem(error: RulesFileError): Diagnostic {
  return problem(
    error.file,
    `${error.line}:${error.column}`,
    'invalid-value',
    error.reason,
    'fix the rule; prefix_rule(pattern = [...], decision = "allow" | "prompt" | "forbidden")',
  );
}

/**
 * The user's rules, or, when a file does not parse, no user rules and that problem (as Codex's session drops every
 * user rule with a warning). A file that cannot be read is invalid input (exit 2).
 */
export function readUserRules(
  named: readonly string[],
  flags: PolicyFlags,
): { rules: UserRules; problem?: Diagnostic } {
  const files = userRulesFiles(named, flags, currentPlatform()).map(readRules);
  try {
    return { rules: loadRulesFiles(files, { homedir: currentPlatform().homedir }) };
  } catch (error) {
    if (!(error instanceof RulesFileError)) throw error;
    return { rules: { rules: [], hostExecutables: new Map() }, problem: parseProblem(error) };
  }
}

/** The user's rules files as read (`--rules`, else the default folders); a file that cannot be read is invalid input. */
export function userRulesTexts(named: readonly string[], flags: PolicyFlags): RulesFileText[] {
  return userRulesFiles(named, flags, currentPlatform()).map(readRules);
}

/**
 * Every problem of one `.rules` file as `validate` reports it: a file that cannot be read, does not parse as the
 * Starlark subset, or has a `match`/`not_match` example its rule does not agree with.
 */
export function rulesFileProblems(path: string): readonly Diagnostic[] {
  try {
    loadRulesFiles([readRules(path)], { homedir: currentPlatform().homedir });
    return [];
  } catch (error) {
    if (error instanceof RulesFileError) return [parseProblem(error)];
    if (error instanceof InputError) return error.diagnostics;
    throw error;
  }
}

/** The user's rules: a file that cannot be read or parsed is invalid input (exit 2, with file, line and column). */
export function loadUserRules(named: readonly string[], flags: PolicyFlags): UserRules {
  const { rules, problem } = readUserRules(named, flags);
  if (problem) throwIfErrors([problem]);
  return rules;
}
