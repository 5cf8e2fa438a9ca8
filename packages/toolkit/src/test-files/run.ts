import {
  deepEqual,
  InputError,
  isTable,
  loadUserConfig,
  toPlain,
  type Policy,
  type Resolved,
  type Table,
  type UserConfig,
} from '@ratchet/core';
import { questionsOf, Session, type SessionInputs } from '../session.js';
import { coverageOf, type Coverage, type Exercised } from './coverage.js';
import type { Expectations, TestCase, TestSuite } from './format.js';

/** One expectation that did not hold: the key, what the case expected and what the policy gave. */
export interface Mismatch {
  readonly key: string;
  readonly expected: unknown;
  readonly actual: unknown;
}

export interface CaseResult {
  readonly name: string;
  readonly at: string;
  readonly passed: boolean;
  readonly mismatches: readonly Mismatch[];
  readonly ms: number;
}

export interface SuiteResult {
  readonly file: string;
  readonly cases: readonly CaseResult[];
  readonly coverage: Coverage;
}

/** What running a suite needs from its host: the policy its [policy] table names, read with the host's plugins. */
export interface SuiteRun {
  readonly policy: Policy;
  readonly session: SessionInputs;
}

const NO_KEY = '(no such key)';

/** Whether `actual` has what `expected` says: a table matches the keys it lists, anything else is compared whole. */
function holds(actual: unknown, expected: unknown): boolean {
  if (isTable(expected) && isTable(actual))
    return Object.entries(expected).every(([k, v]) => holds(Object.hasOwn(actual, k) ? actual[k] : undefined, v));
  return deepEqual(actual, expected);
}

/** Expected effective values, read down the nested tables to keys the resolution has. */
function effectiveMismatches(resolved: Resolved, expected: Table, prefix: string, seen: Set<string>): Mismatch[] {
  const out: Mismatch[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const entry = resolved.entries.get(path);
    if (entry) {
      seen.add(path);
      const actual = toPlain(entry.value);
      if (!holds(actual, value)) out.push({ key: `effective.${path}`, expected: value, actual: actual ?? null });
    } else if (isTable(value)) out.push(...effectiveMismatches(resolved, value, path, seen));
    else out.push({ key: `effective.${path}`, expected: value, actual: NO_KEY });
  }
  return out;
}

const sorted = (list: Iterable<string>) => [...new Set(list)].sort();

function configMismatches(resolved: Resolved, expect: Expectations, seen: Set<string>): Mismatch[] {
  const out: Mismatch[] = [];
  if (expect.effective) out.push(...effectiveMismatches(resolved, expect.effective, '', seen));
  if (expect.refused) {
    const refused = sorted(
      [...resolved.entries.values()]
        .filter((e) => e.requested !== undefined && !deepEqual(e.requested.value, e.value))
        .map((e) => e.key),
    );
    for (const key of refused) seen.add(key);
    if (!deepEqual(refused, sorted(expect.refused)))
      out.push({ key: 'refused', expected: sorted(expect.refused), actual: refused });
  }
  if (expect.warnings) {
    const warned = sorted(resolved.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.key ?? '(none)'));
    for (const key of warned) seen.add(key);
    if (!deepEqual(warned, sorted(expect.warnings)))
      out.push({ key: 'warnings', expected: sorted(expect.warnings), actual: warned });
  }
  return out;
}

function answerMismatches(session: Session, testCase: TestCase): { mismatches: Mismatch[]; matched: string[] } {
  const { expect, query } = testCase;
  const answer = query && session.ask(query);
  if (!answer)
    return {
      mismatches: [{ key: 'answer', expected: 'an answer', actual: 'no loaded provider answers it' }],
      matched: [],
    };
  const out: Mismatch[] = [];
  if (expect.decision !== undefined && answer.decision !== expect.decision)
    out.push({ key: 'decision', expected: expect.decision, actual: answer.decision });
  if (expect.rule !== undefined && !answer.matched.includes(expect.rule))
    out.push({ key: 'rule', expected: expect.rule, actual: answer.matched });
  if (expect.matched !== undefined && !deepEqual([...answer.matched], [...expect.matched]))
    out.push({ key: 'matched', expected: expect.matched, actual: answer.matched });
  if (expect.reason !== undefined && !(answer.reason ?? '').includes(expect.reason))
    out.push({ key: 'reason', expected: expect.reason, actual: answer.reason ?? null });
  return { mismatches: out, matched: [...answer.matched] };
}

/** The case's configuration: its own file or table, else the suite's config.toml, else an empty one. */
function configFor(policy: Policy, testCase: TestCase, suite: TestSuite): UserConfig {
  const { input } = testCase;
  const file = input.config
    ? { table: input.config, name: `${suite.file} ${testCase.at}.config` }
    : (input.configFile ?? suite.policy.config);
  return loadUserConfig({
    ...(file !== undefined && { file, fileRequired: true }),
    ...(input.profile !== undefined && { profile: input.profile }),
    overrides: input.overrides,
    managedConfigs: policy.requirements.managedConfigs,
  });
}

/** Runs every case of a suite under its policy; a case whose configuration does not load fails unless it expects that error. */
export function runSuite(suite: TestSuite, run: SuiteRun): SuiteResult {
  const exercised: Exercised = { fields: new Set(), matched: new Map() };
  const owners = new Map(questionsOf(run.policy).map((q) => [q.question.name, q.provider.id]));
  const cases = suite.cases.map((testCase): CaseResult => {
    const started = performance.now();
    const mismatches: Mismatch[] = [];
    let resolved: Resolved | undefined;
    try {
      resolved = run.policy.resolve(configFor(run.policy, testCase, suite));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const message = error.errors.map((d) => d.message).join('; ');
      if (testCase.expect.error === undefined || !message.includes(testCase.expect.error))
        mismatches.push({ key: 'error', expected: testCase.expect.error ?? null, actual: message });
    }
    if (resolved) {
      if (testCase.expect.error !== undefined)
        mismatches.push({ key: 'error', expected: testCase.expect.error, actual: null });
      const asserted = new Set<string>();
      mismatches.push(...configMismatches(resolved, testCase.expect, asserted));
      // The requirement fields that constrained an asserted value are exercised.
      for (const key of asserted)
        for (const c of resolved.entries.get(key)?.constraints ?? [])
          if (c.sources.length > 0) exercised.fields.add(`${resolved.entries.get(key)!.provider}:${c.field}`);
      const query = testCase.query;
      const owner = query && owners.get(query.question);
      if (query && owner) {
        const answered = answerMismatches(new Session(run.policy, resolved, run.session), testCase);
        mismatches.push(...answered.mismatches);
        const question = questionsOf(run.policy).find((q) => q.question.name === query.question)!.question;
        for (const field of question.fields) exercised.fields.add(`${owner}:${field}`);
        const matched = exercised.matched.get(query.question) ?? new Set<string>();
        for (const m of answered.matched) matched.add(m);
        exercised.matched.set(query.question, matched);
      } else if (query)
        mismatches.push({ key: 'answer', expected: 'an answer', actual: 'no loaded provider answers it' });
    }
    return {
      name: testCase.name,
      at: testCase.at,
      passed: mismatches.length === 0,
      mismatches,
      ms: performance.now() - started,
    };
  });
  return { file: suite.file, cases, coverage: coverageOf(run.policy, exercised) };
}
