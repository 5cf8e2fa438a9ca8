import { describe, expect, it } from 'vitest';
import type { Table } from '@ratchet/core';
import { colorProvider } from '../toolkit.test-helper.js';
import { parseSuite } from './format.js';

const questions = colorProvider.questions ?? [];
const parse = (table: Table) => parseSuite(table, 'policy.test.toml', questions);

describe('policy test files', () => {
  it.each<[string, Table]>([
    ['a question case', { case: [{ name: 'drop is blocked', word: 'drop', decision: 'blocked', rule: 'drop' }] }],
    ['a config case', { case: [{ config: { color: 'blue' }, effective: { color: 'red' }, refused: ['color'] }] }],
    [
      'a config file, profile and overrides',
      { case: [{ config_file: 'c.toml', profile: 'p', overrides: ['color="red"'], warnings: [] }] },
    ],
    [
      'a policy table',
      { policy: { requirements: ['a.toml', 'b.toml'], hostname: 'h', strict: true }, case: [{ error: 'x' }] },
    ],
  ])('valid: %s', (_name, table) => {
    expect(parse(table)).toHaveProperty('suite');
  });

  it.each<[string, Table, string, string]>([
    ['no case', {}, 'case', 'the file has no case'],
    ['an unknown top-level key', { cases: [] }, 'cases', 'unknown key "cases"'],
    [
      'an unknown policy key',
      { policy: { requirement: 'a.toml' }, case: [{ error: 'x' }] },
      'policy.requirement',
      'unknown key',
    ],
    [
      'a policy key of the wrong type',
      { policy: { requirements: 'a.toml' }, case: [{ error: 'x' }] },
      'policy.requirements',
      'expected a list of strings',
    ],
    [
      'a misspelt expectation',
      { case: [{ name: 'x', word: 'a', decison: 'ok' }] },
      'case[0] "x".decison',
      'unknown key',
    ],
    [
      'an answer expected of no question',
      { case: [{ name: 'x', decision: 'ok' }] },
      'case[0] "x".decision',
      'expects an answer',
    ],
    [
      'a query the question refuses',
      { case: [{ name: 'x', word: 3, decision: 'ok' }] },
      'case[0] "x".word',
      'expected',
    ],
    [
      'both config forms',
      { case: [{ name: 'x', config: {}, config_file: 'c.toml', refused: [] }] },
      'case[0] "x".config',
      'both config and config_file',
    ],
    [
      'two cases of one name',
      {
        case: [
          { name: 'x', error: 'a' },
          { name: 'x', error: 'b' },
        ],
      },
      'case[1].name',
      'two cases are named "x"',
    ],
    ['a case expecting nothing', { case: [{ name: 'x', word: 'a' }] }, 'case[0] "x"', 'the case expects nothing'],
  ])('invalid: %s names the key', (_name, table, key, message) => {
    const result = parse(table);
    expect(result).toHaveProperty('problem');
    const problem = (result as { problem: { source: string; key: string; message: string } }).problem;
    expect(problem).toMatchObject({ source: 'policy.test.toml', key });
    expect(problem.message).toContain(message);
  });
});
