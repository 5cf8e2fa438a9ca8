import { describe, expect, it } from 'vitest';
import { colorPolicy, colorProvider } from '../toolkit.test-helper.js';
import { parseSuite, type TestSuite } from './format.js';
import { report } from './reporters.js';
import { runSuite } from './run.js';

const suiteOf = (cases: object[]): TestSuite => {
  const parsed = parseSuite({ case: cases }, 'colors.test.toml', colorProvider.questions ?? []);
  if (!('suite' in parsed)) throw new Error(parsed.problem.message);
  return parsed.suite;
};

describe('runSuite', async () => {
  const policy = await colorPolicy('allowed_colors = ["red"]\nblocked_words = ["drop", "rm"]\n');
  const run = (cases: object[]) => runSuite(suiteOf(cases), { policy, session: {} });

  it('passes cases that hold and reports each mismatch with expected and actual', () => {
    const result = run([
      { name: 'blue falls back', config: { color: 'blue' }, effective: { color: 'red' }, refused: ['color'] },
      { name: 'drop is blocked', word: 'drop', decision: 'blocked', rule: 'drop' },
      { name: 'wrong', word: 'ls', decision: 'blocked', matched: ['ls'] },
      { name: 'no such key', config: {}, effective: { colour: 'red' } },
    ]);
    expect(result.cases.map((c) => c.passed)).toEqual([true, true, false, false]);
    expect(result.cases[2]!.mismatches).toEqual([
      { key: 'decision', expected: 'blocked', actual: 'ok' },
      { key: 'matched', expected: ['ls'], actual: [] },
    ]);
    expect(result.cases[3]!.mismatches).toEqual([
      { key: 'effective.colour', expected: 'red', actual: '(no such key)' },
    ]);
    expect(report([result], 'text')).toContain('2 passed, 2 failed (4 cases in 1 file)');
  });

  it('coverage lists the rules and requirement keys no case exercised', () => {
    const { coverage } = run([{ word: 'drop', decision: 'blocked' }]);
    expect(coverage.keys).toEqual(['color:allowed_colors', 'color:blocked_words']);
    expect(coverage.unexercisedKeys).toEqual(['color:allowed_colors']);
    expect(coverage.rules).toEqual([{ question: 'word', total: 2, unexercised: ['rm'] }]);
    const both = run([
      { word: 'drop', decision: 'blocked' },
      { config: { color: 'red' }, effective: { color: 'red' } },
    ]);
    expect(both.coverage.unexercisedKeys).toEqual([]);
  });
});
