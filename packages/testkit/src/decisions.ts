import fc from 'fast-check';
import { lawSeed, type Law, type LawOptions } from './laws.js';

/** A runtime decision to put under the laws: how rules decide a query, and how strict each decision is. */
export interface DecisionSubject<Rule, Query, D> {
  readonly name: string;
  decide(rules: readonly Rule[], query: Query): D;
  /** Higher is stricter (`allow` < `prompt` < `forbidden`; "no rule matched" lowest). */
  rank(decision: D): number;
}

/** Generators for a decision subject's laws. */
export interface DecisionArbitraries<Rule, Query> {
  readonly rules: fc.Arbitrary<readonly Rule[]>;
  readonly rule: fc.Arbitrary<Rule>;
  readonly query: fc.Arbitrary<Query>;
}

/** The decision laws of docs/architecture.md ("The laws"): adding a rule never loosens a decision, and rule order never matters. */
export function decisionLawsFor<Rule, Query, D>(
  subject: DecisionSubject<Rule, Query, D>,
  arbs: DecisionArbitraries<Rule, Query>,
  options: LawOptions = {},
): Law[] {
  const seed = lawSeed(options);
  const params = { seed, numRuns: options.numRuns ?? 300 };
  const law = (name: string, statement: string, property: fc.IPropertyWithHooks<never>): Law => ({
    name,
    statement,
    check() {
      try {
        fc.assert(property, params);
      } catch (error) {
        throw new Error(
          `decision law "${name}" fails for "${subject.name}" (seed ${seed}): ${statement}\n${(error as Error).message}`,
        );
      }
    },
  });
  const shuffled = arbs.rules.chain((rules) =>
    fc.tuple(fc.constant(rules), fc.shuffledSubarray([...rules], { minLength: rules.length })),
  );
  return [
    law(
      'adding-never-loosens',
      'decide(rules + [r], q) is at least as strict as decide(rules, q)',
      fc.property(
        arbs.rules,
        arbs.rule,
        arbs.query,
        (rules, extra, q) =>
          subject.rank(subject.decide([...rules, extra], q)) >= subject.rank(subject.decide(rules, q)),
      ) as never,
    ),
    law(
      'order-independent',
      'decide(shuffle(rules), q) equals decide(rules, q)',
      fc.property(
        shuffled,
        arbs.query,
        ([rules, reordered], q) =>
          subject.rank(subject.decide(reordered, q)) === subject.rank(subject.decide(rules, q)),
      ) as never,
    ),
  ];
}
