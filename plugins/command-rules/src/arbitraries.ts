import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { Decision, PatternToken, PrefixRule } from './rules/model.js';
import type { CommandRulesRequirement } from './provider.js';

const WORDS = ['git', 'rm', 'npm', 'curl', 'push', 'commit', 'install', '-rf', '-f'] as const;

const token: fc.Arbitrary<PatternToken> = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.uniqueArray(fc.constantFrom(...WORDS), { minLength: 2, maxLength: 3 }),
);

/** Prefix rules over a small vocabulary, so generated commands often match them. */
export function ruleArbitrary(decisions: readonly Decision[]): fc.Arbitrary<PrefixRule> {
  return fc
    .record({
      program: fc.constantFrom('git', 'rm', 'npm', 'curl'),
      rest: fc.array(token, { maxLength: 2 }),
      decision: fc.constantFrom(...decisions),
    })
    .map((r) => ({ ...r, origin: { kind: 'requirements' as const, file: 'law-suite', at: 'rules.prefix_rules[0]' } }));
}

/** A requirements rule: `prompt`, `prompt-user` (a prompt with reviewer `user`) or `forbidden`. */
const requirementRule: fc.Arbitrary<PrefixRule> = fc
  .tuple(ruleArbitrary(['prompt', 'forbidden']), fc.boolean())
  .map(([rule, userOnly]) => (userOnly && rule.decision === 'prompt' ? { ...rule, reviewer: 'user' as const } : rule));

/** Law generators for the command-rules provider (requirements rules may only prompt, prompt the user, or forbid). */
export const commandRulesArbitraries: LawArbitraries<CommandRulesRequirement, Record<string, never>> = {
  requirement: fc.record({ rules: fc.array(requirementRule, { minLength: 1, maxLength: 5 }) }, { requiredKeys: [] }),
  requested: fc.constant({}),
};
