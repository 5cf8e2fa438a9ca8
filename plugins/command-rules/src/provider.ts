import { COMMAND_RULES_PROVIDER } from './keys.js';
import { createProvider } from '@ratchet/core';
import type { PrefixRule } from './rules/model.js';
import { parseRequirementRules, printRequirementRules } from './rules/requirements.js';
import { commandRulesSchema } from './schema.js';
import { commandQuestion } from './question.js';

/** What requirements say about commands: prefix rules, every one `prompt` or `forbidden`. */
export interface CommandRulesRequirement {
  readonly rules?: readonly PrefixRule[];
}

const concat = (higher: readonly PrefixRule[], lower: readonly PrefixRule[]) => [...higher, ...lower];

/**
 * The command-rules provider: `[rules].prefix_rules` from every requirements layer (appended, highest first).
 * It decides no config value; hosts ask `commandPolicy(policy, userRules).check(argv)`.
 */
export function commandRulesProvider() {
  return createProvider({
    key: COMMAND_RULES_PROVIDER,
    docs: {
      summary:
        'Prefix rules from [rules] that make commands prompt or forbidden; user .rules files can only add to them.',
      description:
        'Every matching rule counts and the strictest decision wins (forbidden > prompt > allow), so requirements rules, ' +
        'which may only prompt or forbid, cannot be loosened by a user allow rule. Rules from every requirements layer ' +
        'are appended, highest first. bash/zsh/sh -c scripts of plain commands are split and each command judged.',
    },
    questions: [commandQuestion],
    requirementKeys: ['rules'],
    fields: {
      rules: {
        docs: 'Prefix rules (prompt or forbidden) from every layer, highest first.',
        combine: { accumulate: concat },
      },
    },
    settings: {},
    schema: commandRulesSchema,
    parse(slice, { source, report }) {
      if (slice.rules === undefined) return {};
      const rules = parseRequirementRules(slice.rules, source.label, report);
      return rules ? { rules } : {};
    },
    tighten(a, b) {
      if (!a.rules) return b.rules ? { rules: b.rules } : {};
      return { rules: b.rules ? concat(a.rules, b.rules) : a.rules };
    },
    allows: () => true,
    resolve: () => ({ values: {} }),
    print: (r) => (r.rules && r.rules.length > 0 ? printRequirementRules(r.rules) : {}),
  });
}
