import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Table } from '@ratchet/core';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { parseRequirementRules, printRequirementRules } from './requirements.js';
import type { PrefixRule } from './model.js';

const FILE = '/etc/codex/requirements.toml';
const PREFIX = `invalid rules in requirements (set by ${FILE}): `;

function parse(rules: unknown) {
  const bag = new DiagnosticBag(FILE, 'command-rules');
  const parsed = parseRequirementRules(rules, FILE, bag.report);
  return { parsed, errors: bag.items.filter((d) => d.severity === 'error'), bag };
}
/** `[rules] prefix_rules = [rule]`. */
const one = (rule: unknown) => parse({ prefix_rules: [rule] });
const rm = [{ token: 'rm' }];

describe('[rules] errors of spec 1.7', () => {
  it('empty prefix_rules', () => {
    const { parsed, errors } = parse({ prefix_rules: [] });
    expect(parsed).toBeUndefined();
    expect(errors).toEqual([
      diagnosticLike({ key: 'rules.prefix_rules', source: FILE, message: 'rules prefix_rules cannot be empty' }),
    ]);
  });

  it('a missing prefix_rules counts as empty', () => {
    expect(parse({}).errors).toEqual([
      diagnosticLike({ key: 'rules.prefix_rules', message: 'rules prefix_rules cannot be empty' }),
    ]);
  });

  const cases: [string, unknown, string, string][] = [
    [
      'blank justification',
      { pattern: rm, decision: 'forbidden', justification: '  \t' },
      'rules.prefix_rules[0].justification',
      'rules prefix_rule at index 0 has an empty justification',
    ],
    [
      'empty pattern',
      { pattern: [], decision: 'forbidden' },
      'rules.prefix_rules[0].pattern',
      'rules prefix_rule at index 0 has an empty pattern',
    ],
    [
      'token and any_of both',
      { pattern: [{ token: 'git', any_of: ['a'] }], decision: 'prompt' },
      'rules.prefix_rules[0].pattern[0]',
      'rules prefix_rule at index 0 has an invalid pattern token at index 0: set either token or any_of, not both',
    ],
    [
      'neither token nor any_of',
      { pattern: [{ token: 'git' }, {}], decision: 'prompt' },
      'rules.prefix_rules[0].pattern[1]',
      'rules prefix_rule at index 0 has an invalid pattern token at index 1: set either token or any_of',
    ],
    [
      'blank token',
      { pattern: [{ token: 'git' }, { token: ' ' }], decision: 'prompt' },
      'rules.prefix_rules[0].pattern[1]',
      'has an invalid pattern token at index 1: token cannot be empty',
    ],
    [
      'empty token',
      { pattern: [{ token: '' }], decision: 'prompt' },
      'rules.prefix_rules[0].pattern[0]',
      'has an invalid pattern token at index 0: token cannot be empty',
    ],
    [
      'empty any_of',
      { pattern: [{ token: 'git' }, { any_of: [] }], decision: 'prompt' },
      'rules.prefix_rules[0].pattern[1]',
      'has an invalid pattern token at index 1: any_of cannot be empty',
    ],
    [
      'blank alternative',
      { pattern: [{ any_of: ['git', '\t'] }], decision: 'prompt' },
      'rules.prefix_rules[0].pattern[0]',
      'has an invalid pattern token at index 0: any_of cannot include empty tokens',
    ],
    [
      'allow decision',
      { pattern: rm, decision: 'allow' },
      'rules.prefix_rules[0].decision',
      "rules prefix_rule at index 0 has decision 'allow', which is not permitted in requirements.toml: Codex merges these rules with other config and uses the most restrictive result (use 'prompt', 'prompt-user', or 'forbidden')",
    ],
    [
      'missing decision',
      { pattern: rm },
      'rules.prefix_rules[0].decision',
      'rules prefix_rule at index 0 is missing a decision',
    ],
    [
      'unknown decision',
      { pattern: rm, decision: 'deny' },
      'rules.prefix_rules[0].decision',
      'unknown variant `deny`, expected one of `allow`, `prompt`, `forbidden`, `prompt-user`',
    ],
    [
      'decision in another case',
      { pattern: rm, decision: 'Forbidden' },
      'rules.prefix_rules[0].decision',
      'unknown variant `Forbidden`, expected one of `allow`, `prompt`, `forbidden`, `prompt-user`',
    ],
    [
      'non-string decision',
      { pattern: rm, decision: 2 },
      'rules.prefix_rules[0].decision',
      'invalid type: expected a string, found integer',
    ],
    [
      'bare string token',
      { pattern: ['rm'], decision: 'forbidden' },
      'rules.prefix_rules[0].pattern[0]',
      'invalid pattern token',
    ],
  ];
  it.each(cases)('%s', (name: string, rule, key, message) => {
    const { parsed, errors } = one(rule);
    expect(errors).toContainEqual(diagnosticLike({ key, source: FILE, severity: 'error', message }));
    for (const e of errors) expect(e.message.startsWith(PREFIX), e.message).toBe(true);
    if (/^(rules |unknown variant|invalid type)/.test(message))
      expect(errors.find((e) => e.key === key)!.message).toBe(PREFIX + message);
    // A rule whose pattern or decision is wrong never becomes a rule. One with only a bad justification still
    // does (errors are reported, and the rule can only make decisions stricter).
    const kept = /justification/.test(name);
    expect((parsed ?? []).length).toBe(kept ? 1 : 0);
  });

  it('a bare string token reads once, naming the pattern token', () => {
    expect(one({ pattern: ['rm'], decision: 'forbidden' }).errors).toEqual([
      diagnosticLike({
        message:
          PREFIX +
          'rules prefix_rule at index 0 has an invalid pattern token at index 0: expected a table, found string',
      }),
    ]);
  });

  it('a non-string alternative, justification and pattern are type errors on their own keys', () => {
    expect(one({ pattern: [{ any_of: ['git', 3] }], decision: 'prompt' }).errors).toContainEqual(
      diagnosticLike({ key: 'rules.prefix_rules[0].pattern[0].any_of[1]' }),
    );
    expect(one({ pattern: rm, decision: 'prompt', justification: 7 }).errors).toContainEqual(
      diagnosticLike({ key: 'rules.prefix_rules[0].justification' }),
    );
    expect(one({ pattern: 'rm', decision: 'prompt' }).errors).toContainEqual(
      diagnosticLike({ key: 'rules.prefix_rules[0].pattern' }),
    );
  });

  it('the load error names its source, as Codex does (exec_policy_error_includes_requirement_source)', () => {
    const bag = new DiagnosticBag('layer-0.toml', 'command-rules');
    parseRequirementRules({ prefix_rules: [{ pattern: rm }] }, 'cloud requirements', bag.report);
    expect(bag.items.map((d) => d.message)).toEqual([
      'invalid rules in requirements (set by cloud requirements): rules prefix_rule at index 0 is missing a decision',
    ]);
  });

  it('type errors read with the same prefix', () => {
    expect(parse({ prefix_rules: 'rm' }).errors).toEqual([
      diagnosticLike({
        key: 'rules.prefix_rules',
        message: PREFIX + 'invalid type: expected a list of rules, found string',
      }),
    ]);
    expect(parse('rm').errors).toEqual([
      diagnosticLike({ key: 'rules', message: PREFIX + 'invalid type: expected a table, found string' }),
    ]);
  });

  it.each([
    [
      'on [rules]',
      { prefix_rules: [{ pattern: rm, decision: 'forbidden' }], network_rules: [] },
      'rules.network_rules',
      'prefix_rules',
    ],
    [
      'on a rule',
      { prefix_rules: [{ pattern: rm, decision: 'forbidden', extra: 1 }] },
      'rules.prefix_rules[0].extra',
      'pattern, decision, justification, reviewer',
    ],
    [
      'on a pattern token',
      { prefix_rules: [{ pattern: [{ token: 'rm', extra: 'x' }], decision: 'forbidden' }] },
      'rules.prefix_rules[0].pattern[0].extra',
      'token, any_of',
    ],
  ])(
    'an unknown key %s is ignored with a warning naming it and the known keys, as Codex ignores it',
    (_name, rules, key, known) => {
      const { parsed, errors, bag } = parse(rules);
      expect(errors).toEqual([]);
      const name = key.slice(key.lastIndexOf('.') + 1);
      expect(bag.items).toEqual([
        diagnosticLike({
          severity: 'warning',
          kind: 'unknown-key',
          key,
          message: `unknown key "${name}" in [rules] is ignored`,
        }),
      ]);
      expect(bag.items[0]!.suggestion).toContain(known);
      expect(parsed).toEqual([expect.objectContaining({ program: 'rm', decision: 'forbidden' })]);
    },
  );

  it('match and not_match examples are checked at load, as in .rules files', () => {
    const git = [{ token: 'git' }, { any_of: ['push', 'fetch'] }];
    const ok = parse({
      prefix_rules: [
        { pattern: git, decision: 'prompt', match: ['git push origin', ['git', 'fetch']], not_match: ['git status'] },
      ],
    });
    expect(ok.errors).toEqual([]);
    expect(ok.bag.items).toEqual([]);
    const unmatched = parse({ prefix_rules: [{ pattern: git, decision: 'prompt', match: ['git pull'] }] });
    expect(unmatched.errors.map((d) => d.key)).toEqual(['rules.prefix_rules[0].match']);
    expect(unmatched.errors[0]!.message).toContain('unmatched: git pull');
    const matched = parse({ prefix_rules: [{ pattern: git, decision: 'prompt', not_match: [['git', 'push']] }] });
    expect(matched.errors.map((d) => d.key)).toEqual(['rules.prefix_rules[0].not_match']);
    expect(matched.errors[0]!.message).toContain('expected example to not match rule `git [push|fetch]`: git push');
    const bad = parse({ prefix_rules: [{ pattern: git, decision: 'prompt', match: [1] }] });
    expect(bad.errors.map((d) => d.key)).toEqual(['rules.prefix_rules[0].match[0]']);
  });

  it('an unknown key close to a known one suggests it', () => {
    expect(one({ pattern: rm, decison: 'forbidden', decision: 'prompt' }).bag.items[0]!.suggestion).toMatch(
      /^did you mean "decision"\? /,
    );
  });

  it('errors name the index of the failing rule, and valid rules alongside still parse', () => {
    const { parsed, errors } = parse({
      prefix_rules: [{ pattern: rm, decision: 'forbidden' }, { pattern: [{ token: 'curl' }] }],
    });
    expect(errors).toEqual([
      diagnosticLike({
        key: 'rules.prefix_rules[1].decision',
        message: 'rules prefix_rule at index 1 is missing a decision',
      }),
    ]);
    expect(parsed!.map((r) => r.program)).toEqual(['rm']);
  });

  it('several problems in one rule are all reported', () => {
    const { errors } = one({ pattern: [], decision: 'allow', justification: '' });
    expect(errors.map((d) => d.key).sort()).toEqual([
      'rules.prefix_rules[0].decision',
      'rules.prefix_rules[0].justification',
      'rules.prefix_rules[0].pattern',
    ]);
  });
});

describe('[rules] valid rules', () => {
  it('the docs example parses into rules with their origin', () => {
    const { parsed, errors } = parse({
      prefix_rules: [
        { pattern: rm, decision: 'forbidden', justification: 'Use git clean -fd instead.' },
        {
          pattern: [{ token: 'git' }, { any_of: ['push', 'commit'] }],
          decision: 'prompt',
          justification: 'Require review before mutating history.',
        },
      ],
    });
    expect(errors).toEqual([]);
    expect(parsed).toEqual([
      {
        program: 'rm',
        rest: [],
        decision: 'forbidden',
        justification: 'Use git clean -fd instead.',
        origin: { kind: 'requirements', file: FILE, at: 'rules.prefix_rules[0]' },
      },
      {
        program: 'git',
        rest: [['push', 'commit']],
        decision: 'prompt',
        justification: 'Require review before mutating history.',
        origin: { kind: 'requirements', file: FILE, at: 'rules.prefix_rules[1]' },
      },
    ]);
  });

  it('a first-position any_of expands into one rule per program; later any_of stays as alternatives', () => {
    const { parsed } = one({
      pattern: [{ any_of: ['git', 'hg', 'git'] }, { any_of: ['push', 'commit'] }, { token: '-f' }, { any_of: ['x'] }],
      decision: 'forbidden',
    });
    expect(parsed!.map((r) => [r.program, r.rest])).toEqual([
      ['git', [['push', 'commit'], '-f', 'x']],
      ['hg', [['push', 'commit'], '-f', 'x']],
    ]);
    expect(new Set(parsed!.map((r) => r.origin.at))).toEqual(new Set(['rules.prefix_rules[0]']));
  });

  it('tokens are not trimmed', () => {
    const { parsed, errors } = one({ pattern: [{ token: ' git' }, { any_of: ['push ', 'pull'] }], decision: 'prompt' });
    expect(errors).toEqual([]);
    expect(parsed![0]!.program).toBe(' git');
    expect(parsed![0]!.rest).toEqual([['push ', 'pull']]);
  });

  it('decision = "prompt-user" is a prompt only the user may approve', () => {
    const { parsed, bag } = one({ pattern: rm, decision: 'prompt-user' });
    expect(bag.items).toEqual([]);
    expect(parsed).toEqual([expect.objectContaining({ program: 'rm', decision: 'prompt', reviewer: 'user' })]);
  });

  const reviewers: [string, unknown, string, 'user' | undefined][] = [
    ['user on a prompt', { decision: 'prompt', reviewer: 'user' }, 'still keeps this prompt for the user only', 'user'],
    ['user on prompt-user', { decision: 'prompt-user', reviewer: 'user' }, 'is ignored', 'user'],
    ['auto_review on a prompt', { decision: 'prompt', reviewer: 'auto_review' }, 'is ignored', undefined],
    ['user on forbidden', { decision: 'forbidden', reviewer: 'user' }, 'is ignored', undefined],
    ['an unknown value', { decision: 'prompt', reviewer: 'admin' }, 'is ignored', undefined],
    ['a number', { decision: 'prompt', reviewer: 3 }, 'is ignored', undefined],
  ];
  it.each(reviewers)(
    "a rule's reviewer (%s) loads with a warning that it is ignored, as Codex 0.171",
    (_, rule, message, kept) => {
      const { parsed, bag } = one({ pattern: rm, ...(rule as object) });
      expect(bag.items).toEqual([
        diagnosticLike({ severity: 'warning', key: 'rules.prefix_rules[0].reviewer', message }),
      ]);
      expect(parsed).toHaveLength(1);
      expect(parsed![0]!.reviewer).toBe(kept);
    },
  );

  it('printRequirementRules then parse gives the same rules', () => {
    const input: Table = {
      prefix_rules: [
        { pattern: rm, decision: 'forbidden', justification: 'no' },
        {
          pattern: [{ any_of: ['git', 'hg'] }, { any_of: ['push', 'commit'] }, { token: '--force' }],
          decision: 'prompt-user',
        },
        { pattern: [{ token: 'curl' }], decision: 'prompt' },
      ],
    };
    const first = parse(input).parsed!;
    expect(first).toHaveLength(4);
    const printed = printRequirementRules(first);
    const again = parse(printed.rules).parsed!;
    const strip = (rules: PrefixRule[]) =>
      rules.map(({ origin: { kind, file }, ...rest }) => ({ ...rest, kind, file }));
    expect(strip(again)).toEqual(strip(first));
    expect(printRequirementRules(again)).toEqual(printed);
  });
});
