import type { Diagnostic } from '@ratchet/core';
import { NO_USER_RULES } from './rules/model.js';
import { loadRulesFiles, RulesFileError, type RulesFileText, type UserRules } from './starlark/rules-file.js';

/** User rules for a session: a rules file that does not parse drops every user rule (requirements rules still apply), with a warning. */
export function sessionUserRules(
  files: readonly RulesFileText[],
  homedir: string,
): { rules: UserRules; diagnostics: Diagnostic[] } {
  try {
    return { rules: loadRulesFiles(files, { homedir }), diagnostics: [] };
  } catch (error) {
    if (!(error instanceof RulesFileError)) throw error;
    return {
      rules: NO_USER_RULES,
      diagnostics: [
        {
          kind: 'invalid-value',
          severity: 'warning',
          source: error.file,
          key: `${error.line}:${error.column}`,
          provider: 'command-rules',
          message: `failed to parse rules file: ${error.reason}; every user rule is ignored, requirements rules still apply`,
          suggestion: 'fix the file; `ratchet check --rules FILE` shows the problem',
        },
      ],
    };
  }
}
