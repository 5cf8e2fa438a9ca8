import { ProviderSetupError, type Diagnostic, type Policy } from '@ratchet/core';
import { COMMAND_RULES_PROVIDER } from './keys.js';
import { CommandPolicy, type CommandPolicyOptions } from './policy.js';
import type { PrefixRule } from './rules/model.js';
import { loadRulesFiles, RulesFileError, type RulesFileText, type UserRules } from './starlark/rules-file.js';

const NO_USER_RULES: UserRules = { rules: [], hostExecutables: new Map() };

const isRuleList = (user: UserRules | readonly PrefixRule[]): user is readonly PrefixRule[] => Array.isArray(user);

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
 * The loaded policy's requirements rules and the user's rules, for `check(argv)` / `checkAsync(argv)`. `user` is
 * what `sessionUserRules` or `loadRulesFiles` read, or a plain list of user prefix rules (`[]`: none). `options`
 * says where relative program paths resolve for user rules (Codex resolves them against the working directory).
 */
export function commandPolicy(
  policy: Policy,
  user: UserRules | readonly PrefixRule[] = NO_USER_RULES,
  options: CommandPolicyOptions = {},
): CommandPolicy {
  if (!policy.provider(COMMAND_RULES_PROVIDER))
    throw new ProviderSetupError('commandPolicy needs the command-rules provider to be loaded');
  const requirement = policy.requirementOf(COMMAND_RULES_PROVIDER);
  const { rules, hostExecutables } = isRuleList(user) ? { ...NO_USER_RULES, rules: user } : user;
  return new CommandPolicy([...(requirement.value.rules ?? []), ...rules], hostExecutables, options);
}
