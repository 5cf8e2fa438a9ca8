import { ProviderSetupError, type Combined, type Diagnostic, type Policy } from '@ratchet/core';
import { CommandPolicy, type CommandPolicyOptions } from './policy.js';
import type { CommandRulesRequirement } from './provider.js';
import { loadRulesFiles, RulesFileError, type RulesFileText, type UserRules } from './starlark/rules-file.js';

const NO_USER_RULES: UserRules = { rules: [], hostExecutables: new Map() };

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

/**
 * The loaded policy's requirements rules and the user's rules, for `check(argv)` / `checkAsync(argv)`. `options`
 * says where relative program paths resolve for user rules (Codex resolves them against the working directory).
 */
export function commandPolicy(
  policy: Policy,
  user: UserRules = NO_USER_RULES,
  options: CommandPolicyOptions = {},
): CommandPolicy {
  if (!policy.providers.some((p) => p.id === 'command-rules'))
    throw new ProviderSetupError('commandPolicy needs the command-rules provider to be loaded');
  const requirement = policy.requirementOf('command-rules') as Combined<CommandRulesRequirement>;
  return new CommandPolicy([...(requirement.value.rules ?? []), ...user.rules], user.hostExecutables, options);
}
