import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionLawsFor, type DecisionSubject } from './decisions.js';

type Rule = { readonly word: string; readonly level: number };
const rule = fc.record({ word: fc.constantFrom('a', 'b', 'c'), level: fc.integer({ min: 0, max: 2 }) });
const arbs = { rules: fc.array(rule, { maxLength: 6 }), rule, query: fc.constantFrom('a', 'b', 'c', 'd') };

const strictest: DecisionSubject<Rule, string, number> = {
  name: 'strictest match',
  decide: (rules, q) => Math.max(-1, ...rules.filter((r) => r.word === q).map((r) => r.level)),
  rank: (d) => d,
};

const failures = (subject: DecisionSubject<Rule, string, number>) =>
  decisionLawsFor(subject, arbs, { seed: 7, numRuns: 200 }).flatMap((law) => {
    try {
      law.check();
      return [];
    } catch {
      return [law.name];
    }
  });

describe('decision laws', () => {
  it('hold for a decision that takes the strictest matching rule', () => {
    expect(failures(strictest)).toEqual([]);
  });

  it('catch a first-match decision (order matters)', () => {
    const firstMatch = {
      ...strictest,
      name: 'first match',
      decide: (rules: readonly Rule[], q: string) => rules.find((r) => r.word === q)?.level ?? -1,
    };
    // Appending a rule never changes which rule comes first, so only reordering shows the flaw.
    expect(failures(firstMatch)).toEqual(['order-independent']);
  });

  it('catch a decision where the last matching rule wins (adding a rule can loosen)', () => {
    const lastMatch = {
      ...strictest,
      name: 'last match',
      decide: (rules: readonly Rule[], q: string) => [...rules].reverse().find((r) => r.word === q)?.level ?? -1,
    };
    expect(failures(lastMatch)).toContain('adding-never-loosens');
    expect(failures(lastMatch)).toContain('order-independent');
  });
});
