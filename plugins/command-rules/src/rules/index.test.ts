import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lawSeed } from '@ratchet/testkit';
import { RuleIndex } from './index.js';
import type { Decision, PatternToken, PrefixRule } from './model.js';

let line = 0;
/** A user rule `program rest…`; each rule gets its own origin line so rules stay distinguishable. */
function rule(program: string, rest: PatternToken[] = [], decision: Decision = 'prompt'): PrefixRule {
  line++;
  return { program, rest, decision, origin: { kind: 'user', file: 'default.rules', at: `${line}:1` } };
}

const words = (command: string) => command.split(' ');
const index = (rules: PrefixRule[], hosts: Record<string, string[]> = {}) =>
  new RuleIndex(rules, new Map(Object.entries(hosts)));
/** The rules matching a command, in no particular order. */
const matching = (idx: RuleIndex, command: string) => idx.matches(words(command)).map((m) => m.rule);

describe('prefix matching (spec 1.3)', () => {
  const ghPrView = rule('gh', ['pr', 'view']);
  const idx = index([ghPrView]);

  it('a command shorter than the pattern never matches', () => {
    expect(matching(idx, 'gh pr')).toEqual([]);
    expect(matching(idx, 'gh')).toEqual([]);
    expect(idx.matches([])).toEqual([]);
  });

  it('extra trailing arguments are allowed, and matchedPrefix is the pattern-length prefix', () => {
    expect(idx.matches(words('gh pr view 7888 --web'))).toEqual([
      { rule: ghPrView, matchedPrefix: ['gh', 'pr', 'view'] },
    ]);
  });

  it('tokens are exact and case-sensitive: no globbing, trimming or case folding', () => {
    for (const command of ['GH pr view', 'gh PR view', 'gh pr view-x', 'gh pr vie', 'gh pr  view', 'gh* pr view']) {
      expect(matching(idx, command), command).toEqual([]);
    }
    expect(matching(index([rule('g*', [])]), 'git')).toEqual([]);
  });

  it('only a contiguous prefix matches: `gh pr --repo x view` does not match `gh pr view`', () => {
    expect(matching(idx, 'gh pr --repo openai/codex view 7888')).toEqual([]);
    expect(matching(idx, 'x gh pr view')).toEqual([]);
  });

  it('alternatives at later positions match any one of them', () => {
    const r = rule('git', [['push', 'commit'], '-f']);
    const i = index([r]);
    expect(matching(i, 'git push -f origin')).toEqual([r]);
    expect(matching(i, 'git commit -f')).toEqual([r]);
    expect(matching(i, 'git pull -f')).toEqual([]);
    expect(matching(i, 'git push')).toEqual([]);
    expect(i.matches(words('git commit -f x'))[0]!.matchedPrefix).toEqual(['git', 'commit', '-f']);
  });

  it('every matching rule is returned, of several lengths and decisions', () => {
    const git = rule('git', [], 'allow');
    const gitPush = rule('git', ['push'], 'prompt');
    const gitPushF = rule('git', ['push', ['-f', '--force']], 'forbidden');
    const gitPushAgain = rule('git', ['push'], 'forbidden');
    const other = rule('git', ['pull']);
    const i = index([git, gitPush, gitPushF, gitPushAgain, other]);
    const found = i.matches(words('git push --force origin'));
    expect(new Set(found.map((m) => m.rule))).toEqual(new Set([git, gitPush, gitPushF, gitPushAgain]));
    expect(found).toHaveLength(4);
    expect(found.find((m) => m.rule === gitPushF)!.matchedPrefix).toEqual(['git', 'push', '--force']);
    expect(found.find((m) => m.rule === git)!.matchedPrefix).toEqual(['git']);
  });

  it('a rule with many alternatives at many positions is indexed without blowing up, and still matches exactly', () => {
    const alts = Array.from({ length: 10 }, (_, k) => `a${k}`);
    const wide = rule('x', [alts, alts, alts, alts, alts, alts, alts, alts]);
    const i = index([wide, rule('x', ['a1'])]);
    expect(matching(i, 'x a1 a2 a3 a4 a5 a6 a7 a8 more')).toContain(wide);
    expect(i.matches(words('x a1 a2 a3 a4 a5 a6 a7 a9')).find((m) => m.rule === wide)!.matchedPrefix).toHaveLength(9);
    expect(matching(i, 'x a1 a2 a3 a4 a5 a6 a7 b8')).not.toContain(wide);
    expect(matching(i, 'x a1 a2 a3 a4 a5 a6 a7')).not.toContain(wide);
  });
});

describe('absolute paths and host_executable (spec 1.4)', () => {
  const git = rule('git', [], 'prompt');
  const gitPush = rule('git', ['push'], 'forbidden');

  it('an exact first-token rule wins outright: an exact /usr/bin/git rule hides the git rules', () => {
    const exact = rule('/usr/bin/git', [], 'allow');
    const i = index([exact, git, gitPush]);
    expect(i.matches(words('/usr/bin/git push'))).toEqual([{ rule: exact, matchedPrefix: ['/usr/bin/git'] }]);
  });

  it('an exact rule that does not match the rest of the command does not hide the fallback', () => {
    const exactStatus = rule('/usr/bin/git', ['status'], 'allow');
    expect(matching(index([exactStatus, gitPush]), '/usr/bin/git push')).toEqual([gitPush]);
  });

  it('without a host_executable entry, an absolute path falls back to its basename', () => {
    const found = index([git, gitPush]).matches(words('/usr/bin/git push origin'));
    expect(found).toHaveLength(2);
    for (const m of found) expect(m.resolvedProgram).toBe('/usr/bin/git');
    expect(found.find((m) => m.rule === gitPush)!.matchedPrefix).toEqual(['git', 'push']);
    expect(found.find((m) => m.rule === git)!.matchedPrefix).toEqual(['git']);
  });

  it('an entry listing the path allows the fallback; one not listing it does not', () => {
    expect(matching(index([gitPush], { git: ['/opt/git', '/usr/bin/git'] }), '/usr/bin/git push')).toEqual([gitPush]);
    expect(matching(index([gitPush], { git: ['/opt/git'] }), '/usr/bin/git push')).toEqual([]);
    expect(matching(index([gitPush], { hg: ['/opt/hg'] }), '/usr/bin/git push')).toEqual([gitPush]);
  });

  it('`paths = []` disables the fallback', () => {
    expect(matching(index([gitPush], { git: [] }), '/usr/bin/git push')).toEqual([]);
    expect(matching(index([gitPush], { git: [] }), 'git push')).toEqual([gitPush]);
  });

  it('`.` and `..` are normalized before the allowlist check, and resolvedProgram is the normalized path', () => {
    const i = index([gitPush], { git: ['/usr/bin/git'] });
    for (const path of ['/usr/bin/../bin/git', '/usr/./bin/git', '/usr//bin/git']) {
      expect(i.matches([path, 'push']), path).toEqual([
        { rule: gitPush, matchedPrefix: ['git', 'push'], resolvedProgram: '/usr/bin/git' },
      ]);
    }
    expect(i.matches(['/usr/bin/../lib/git', 'push'])).toEqual([]);
  });

  it('relative paths never fall back', () => {
    const i = index([gitPush]);
    for (const program of ['./git', 'bin/git', '../usr/bin/git', '~/bin/git'])
      expect(matching(i, `${program} push`), program).toEqual([]);
  });

  it('a bare name is never resolved, and a path whose basename has no rule matches nothing', () => {
    expect(index([gitPush]).matches(words('git push'))[0]!.resolvedProgram).toBeUndefined();
    expect(matching(index([gitPush]), '/usr/bin/hg push')).toEqual([]);
    expect(matching(index([gitPush]), '/ push')).toEqual([]);
  });
});

describe(`RuleIndex against a brute-force scan (fast-check seed ${lawSeed()})`, () => {
  const programs = Array.from({ length: 50 }, (_, k) => `p${k}`);
  const tokens = ['a', 'b', 'c', 'd', 'e', '-f', '-x'];
  const token: fc.Arbitrary<PatternToken> = fc.oneof(
    fc.constantFrom(...tokens),
    fc.uniqueArray(fc.constantFrom(...tokens), { minLength: 1, maxLength: 3 }),
  );
  const ruleArb = fc.record({
    program: fc.oneof(fc.constantFrom(...programs), fc.constantFrom('/usr/bin/p1', '/bin/p2')),
    rest: fc.array(token, { maxLength: 4 }),
    decision: fc.constantFrom<Decision>('allow', 'prompt', 'forbidden'),
  });
  const commandArb = fc
    .tuple(
      fc.constantFrom(...programs, '/usr/bin/p1', '/bin/p2', '/usr/bin/../bin/p3', './p1', 'zz'),
      fc.array(fc.constantFrom(...tokens, 'zz'), { maxLength: 6 }),
    )
    .map(([p, rest]) => [p, ...rest]);

  const tokenMatches = (t: PatternToken, word: string | undefined) =>
    word !== undefined && (typeof t === 'string' ? t === word : t.includes(word));
  const prefixMatches = (r: PrefixRule, program: string, command: string[]) =>
    r.program === program && command.length > r.rest.length && r.rest.every((t, k) => tokenMatches(t, command[k + 1]));
  /** Spec 1.4 by brute force: exact rules first, else the basename of an absolute path (no host_executable entries). */
  function bruteForce(rules: PrefixRule[], command: string[]): PrefixRule[] {
    const exact = rules.filter((r) => prefixMatches(r, command[0]!, command));
    if (exact.length > 0 || !command[0]!.startsWith('/')) return exact;
    const base = command[0]!.split('/').pop()!;
    return rules.filter((r) => prefixMatches(r, base, command));
  }
  const ids = (rules: PrefixRule[]) => rules.map((r) => r.origin.at).sort();

  it('a lookup among 20,000 rules returns what a scan of all of them returns', () => {
    const rules = fc.sample(ruleArb, { numRuns: 20_000, seed: lawSeed() }).map((r, k) => ({
      ...r,
      origin: { kind: 'user' as const, file: 'big.rules', at: `${k + 1}:1` },
    }));
    const idx = new RuleIndex(rules);
    expect(idx.size).toBe(20_000);
    let nonEmpty = 0;
    fc.assert(
      fc.property(commandArb, (command) => {
        const expected = ids(bruteForce(rules, command));
        if (expected.length > 0) nonEmpty++;
        expect(ids(idx.matches(command).map((m) => m.rule))).toEqual(expected);
      }),
      { seed: lawSeed(), numRuns: 200 },
    );
    // The sample must exercise real matches, not only misses.
    expect(nonEmpty).toBeGreaterThan(50);
  });
});
