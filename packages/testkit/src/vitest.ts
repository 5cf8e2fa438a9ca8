import { describe, expect, it } from 'vitest';
import type { Diagnostic, Provider, RequirementShape, SettingsShape } from '@ratchet/core';
import { decisionLawsFor, type DecisionArbitraries, type DecisionSubject } from './decisions.js';
import { lawSeed, lawsFor, type LawArbitraries, type LawOptions } from './laws.js';

/** Registers the whole law suite for a provider as vitest tests; the seed is printed in the suite name. */
export function describeLaws<R extends RequirementShape, V extends SettingsShape>(
  provider: Provider<R, V>,
  arbs: LawArbitraries<R, V>,
  options: LawOptions = {},
): void {
  const seed = lawSeed(options);
  describe(`laws of provider "${provider.id}" (fast-check seed ${seed})`, () => {
    for (const law of lawsFor(provider, arbs, { ...options, seed })) {
      it(`${law.name}: ${law.statement}`, () => law.check());
    }
  });
}

/** Registers the decision laws for a runtime decision (command rules, hooks, network, MCP) as vitest tests. */
export function describeDecisionLaws<Rule, Query, D>(
  subject: DecisionSubject<Rule, Query, D>,
  arbs: DecisionArbitraries<Rule, Query>,
  options: LawOptions = {},
): void {
  const seed = lawSeed(options);
  describe(`decision laws of "${subject.name}" (fast-check seed ${seed})`, () => {
    for (const law of decisionLawsFor(subject, arbs, { ...options, seed }))
      it(`${law.name}: ${law.statement}`, () => law.check());
  });
}

/** What a diagnostic must hold; `message` and `suggestion` are matched as substrings. */
export type DiagnosticExpectation = Partial<Pick<Diagnostic, 'kind' | 'key' | 'severity' | 'source' | 'provider'>> & {
  readonly message?: string;
  readonly suggestion?: string;
};

/** An asymmetric matcher for one diagnostic, for `expect(diagnostics).toEqual([diagnosticLike({...})])`. */
export function diagnosticLike({ message, suggestion, ...exact }: DiagnosticExpectation): unknown {
  return expect.objectContaining({
    ...exact,
    ...(message !== undefined && { message: expect.stringContaining(message) as unknown }),
    ...(suggestion !== undefined && { suggestion: expect.stringContaining(suggestion) as unknown }),
  });
}
