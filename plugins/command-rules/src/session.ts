import { ProviderSetupError, type Policy } from '@ratchet/core';
import { COMMAND_RULES_PROVIDER } from './keys.js';
import { CommandPolicy, type CommandPolicyOptions } from './policy.js';
import { NO_USER_RULES, type PrefixRule } from './rules/model.js';
import type { UserRules } from './starlark/rules-file.js';

const isRuleList = (user: UserRules | readonly PrefixRule[]): user is readonly PrefixRule[] => Array.isArray(user);

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
