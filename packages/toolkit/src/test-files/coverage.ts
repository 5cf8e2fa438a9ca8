import { isTable, type Policy } from '@ratchet/core';
import { questionsOf } from '../session.js';

/** What a suite's cases touched: requirement fields (`provider:field`) and, per question, the rules that decided. */
export interface Exercised {
  readonly fields: Set<string>;
  readonly matched: Map<string, Set<string>>;
}

/** Which requirement keys and rules the policy sets, and which of them no case exercised. */
export interface Coverage {
  /** Requirement fields some layer sets, as `provider:field`. */
  readonly keys: readonly string[];
  readonly unexercisedKeys: readonly string[];
  /** Per question: the requirement rules it can be decided by, and those no case's answer named. */
  readonly rules: readonly {
    readonly question: string;
    readonly total: number;
    readonly unexercised: readonly string[];
  }[];
}

/** Whether a printed requirement holds any value (not only empty tables). */
const saysSomething = (printed: unknown): boolean =>
  isTable(printed) ? Object.values(printed).some(saysSomething) : printed !== undefined;

/** Coverage of a policy by what its cases exercised: a rule is exercised when an answer names it as deciding. */
export function coverageOf(policy: Policy, exercised: Exercised): Coverage {
  const keys: string[] = [];
  for (const provider of policy.providers) {
    const { value, origins } = policy.requirementOf(provider) as {
      value: Record<string, unknown>;
      origins: Record<string, readonly unknown[] | undefined>;
    };
    for (const [field, sources] of Object.entries(origins))
      // A field some layer set that prints to nothing (a feature left unpinned) requires nothing to exercise.
      if (sources?.length && saysSomething(provider.print({ [field]: value[field] })))
        keys.push(`${provider.id}:${field}`);
  }
  const rules = questionsOf(policy).map(({ question }) => {
    const all = question.rules(policy);
    const hit = exercised.matched.get(question.name) ?? new Set<string>();
    return { question: question.name, total: all.length, unexercised: all.filter((r) => !hit.has(r)) };
  });
  return {
    keys,
    unexercisedKeys: keys.filter((k) => !exercised.fields.has(k)),
    rules: rules.filter((r) => r.total > 0),
  };
}
