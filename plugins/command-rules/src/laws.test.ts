import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { lawSeed } from '@ratchet/testkit';
import { describeDecisionLaws } from '@ratchet/testkit/vitest';
import { CommandPolicy } from './policy.js';
import { rank, stricter, type Decision, type PatternToken, type PrefixRule } from './rules/model.js';
import { loadShellGrammar } from './shell/grammar.js';
import { WRAPPER_NAMES } from './shell/wrappers.js';

const PROGRAMS = ['git', 'rm', 'npm', 'bash'] as const;
const TOKENS = ['push', 'commit', 'install', '-rf', '-lc'] as const;
const DECISIONS: readonly Decision[] = ['allow', 'prompt', 'forbidden'];

const token: fc.Arbitrary<PatternToken> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...TOKENS), { minLength: 2, maxLength: 3 }) },
);

/**
 * Rule programs are bare names only: an exact absolute-path rule (`/usr/bin/git`) hides the basename rules for
 * that path (spec 1.4), so adding one can loosen a decision by design; index.test.ts covers that case.
 */
const rule: fc.Arbitrary<PrefixRule> = fc
  .record({
    program: fc.constantFrom(...PROGRAMS),
    rest: fc.array(token, { maxLength: 2 }),
    decision: fc.constantFrom(...DECISIONS),
    line: fc.nat({ max: 999 }),
  })
  .map(({ line, ...r }) => ({ ...r, origin: { kind: 'user' as const, file: 'law.rules', at: `${line + 1}:1` } }));
const rules = fc.array(rule, { maxLength: 6 });

const word = fc.constantFrom<string>(...PROGRAMS, ...TOKENS, 'x');
/** A plain command; its program may be an absolute path, which falls back to the basename's rules. */
const command = fc
  .tuple(fc.constantFrom<string>(...PROGRAMS, '/usr/bin/git', '/bin/rm'), fc.array(word, { maxLength: 3 }))
  .map(([p, rest]) => [p, ...rest]);
/** Commands joined into a plain script; segments are no wrappers or shells (whose inner commands count too). */
const script = fc
  .array(
    fc.tuple(
      command.filter((c) => !(WRAPPER_NAMES as readonly string[]).includes(c[0]!.split('/').pop()!)),
      fc.constantFrom('&&', '|', ';', '||', '\n'),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => ({
    segments: parts.map(([c]) => c),
    text: parts.map(([c, op], k) => (k === 0 ? c.join(' ') : ` ${op} ${c.join(' ')}`)).join(''),
  }));
const query = fc.oneof(
  command,
  script.map((s) => ['bash', '-lc', s.text]),
);

const decide = (rs: readonly PrefixRule[], argv: readonly string[]) => new CommandPolicy(rs).check(argv).decision;

describeDecisionLaws({ name: 'command rules', decide, rank }, { rules, rule, query }, { numRuns: 300 });

/** Requirements rules: `prompt`, `prompt-user` (a prompt only the user may approve, stricter than `prompt`) and `forbidden`. */
const promptUserRule: fc.Arbitrary<PrefixRule> = fc
  .tuple(rule, fc.constantFrom('prompt', 'prompt-user', 'forbidden'))
  .map(([r, decision]) => ({
    ...r,
    decision: decision === 'forbidden' ? 'forbidden' : 'prompt',
    ...(decision === 'prompt-user' && { reviewer: 'user' as const }),
    origin: { ...r.origin, kind: 'requirements' as const },
  }));
const REQUIREMENT_RANK = { none: 0, prompt: 1, 'prompt-user': 2, forbidden: 3 } as const;
const decideRequired = (rs: readonly PrefixRule[], argv: readonly string[]) => {
  const check = new CommandPolicy(rs).check(argv);
  return check.reviewer === 'user' ? 'prompt-user' : check.decision;
};
describeDecisionLaws(
  {
    name: 'requirements command rules with prompt-user',
    decide: decideRequired,
    rank: (d) => REQUIREMENT_RANK[d as keyof typeof REQUIREMENT_RANK],
  },
  { rules: fc.array(promptUserRule, { maxLength: 6 }), rule: promptUserRule, query },
  { numRuns: 200 },
);

describe(`scripts are as strict as their strictest command (fast-check seed ${lawSeed()})`, () => {
  it('decide(bash -lc "a && b | c") is the strictest of the argv\'s own rules and decide(a), decide(b), decide(c)', () => {
    fc.assert(
      fc.property(rules, script, (rs, { segments, text }) => {
        const argv = ['bash', '-lc', text];
        const policy = new CommandPolicy(rs);
        // The precondition: the script's commands are exactly the generated ones, after the argv itself.
        expect(policy.check(argv).commands).toEqual([argv, ...segments]);
        let strictest: Decision | 'none' = 'none';
        for (const { rule } of policy.user.matches(argv))
          strictest = strictest === 'none' ? rule.decision : stricter(strictest, rule.decision);
        for (const segment of segments) {
          const d = policy.check(segment).decision;
          if (d !== 'none') strictest = strictest === 'none' ? d : stricter(strictest, d);
        }
        expect(policy.check(argv).decision).toBe(strictest);
      }),
      { seed: lawSeed(), numRuns: 500 },
    );
  });

  it('the generators reach every decision, for argv and scripts alike', () => {
    const seen = new Set<string>();
    const sample = fc.sample(fc.tuple(rules, query), { seed: lawSeed(), numRuns: 500 });
    for (const [rs, argv] of sample)
      seen.add(`${argv[0] === 'bash' && argv[1] === '-lc' ? 'script' : 'argv'}:${decide(rs, argv)}`);
    for (const kind of ['argv', 'script'])
      for (const d of ['none', ...DECISIONS]) expect(seen, `${kind}:${d}`).toContain(`${kind}:${d}`);
  });

  it('a rule on the shell applies to the argv as given, and a nested shell is read too', () => {
    const rs: PrefixRule[] = [
      { program: 'bash', rest: ['-lc'], decision: 'prompt', origin: { kind: 'user', file: 'law.rules', at: '1:1' } },
      { program: 'rm', rest: [], decision: 'forbidden', origin: { kind: 'user', file: 'law.rules', at: '2:1' } },
    ];
    const policy = new CommandPolicy(rs);
    expect(policy.check(['bash', '-lc', 'npm install']).decision).toBe('prompt');
    expect(policy.check(['bash', '-lc', 'ls && bash -lc "npm install"']).decision).toBe('prompt');
    expect(policy.check(['bash', '-lc', 'ls && bash -lc "rm x"']).decision).toBe('forbidden');
  });
});

/** Requirements rules (prompt, prompt-user or forbidden) over programs that commands, wrappers and paths reach. */
const requirementRule: fc.Arbitrary<PrefixRule> = fc
  .record({
    program: fc.constantFrom('git', 'rm', 'curl', 'bash', 'sudo'),
    rest: fc.array(fc.constantFrom('push', '-rf', '-lc', 'x'), { maxLength: 2 }),
    decision: fc.constantFrom<Decision>('prompt', 'forbidden'),
    userOnly: fc.boolean(),
    at: fc.nat({ max: 99 }),
  })
  .map(({ at, userOnly, ...r }) => ({
    ...r,
    ...(userOnly && r.decision === 'prompt' && { reviewer: 'user' as const }),
    origin: { kind: 'requirements' as const, file: 'req.toml', at: `rules[${at}]` },
  }));

/** User rules, hostile ones included: allow on exact paths and relative paths, any decision. */
const userRule: fc.Arbitrary<PrefixRule> = fc
  .record({
    program: fc.constantFrom('git', 'rm', 'curl', 'bash', 'sudo', 'env', '/usr/bin/git', '/bin/rm', './git', 'sh'),
    rest: fc.array(fc.constantFrom('push', '-rf', '-lc', 'x'), { maxLength: 2 }),
    decision: fc.constantFrom<Decision>('allow', 'allow', 'prompt', 'forbidden'),
    line: fc.nat({ max: 99 }),
  })
  .map(({ line, ...r }) => ({ ...r, origin: { kind: 'user' as const, file: 'user.rules', at: `${line + 1}:1` } }));

/** `host_executable` entries, an empty list of paths included. */
const hostExecutables = fc
  .dictionary(
    fc.constantFrom('git', 'rm', 'curl', 'bash'),
    fc.subarray(['/usr/bin/git', '/bin/rm', '/usr/bin/curl', '/opt/bin/git', '/bin/bash']),
  )
  .map((d) => new Map(Object.entries(d)));

const PROGRAMS_SEEN = ['git', '/usr/bin/git', './git', '~/bin/git', '../bin/git', 'rm', '/bin/rm', 'curl', 'x'];
const argvWord = fc.constantFrom('push', '-rf', 'x', '-lc', '--', 'A=1', '-u', 'root');
const plain = fc
  .tuple(
    fc.array(fc.constantFrom(['sudo'], ['env', 'A=1'], ['timeout', '5'], ['nice', '-n', '5'], ['xargs']), {
      maxLength: 2,
    }),
    fc.constantFrom(...PROGRAMS_SEEN),
    fc.array(argvWord, { maxLength: 3 }),
  )
  .map(([wrappers, program, rest]) => [...wrappers.flat(), program, ...rest]);
const SCRIPT_PIECES = ['&&', '||', ';', '|', '\n', '$(', ')', '(', '`', '"', "'", '$x', '>', '/dev/null', '#', 'eval'];
const scriptArgv = fc
  .array(
    fc.oneof(
      plain.map((c) => c.join(' ')),
      fc.constantFrom(...SCRIPT_PIECES),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => ['bash', '-lc', parts.join(' ')]);

describe(`user rules never loosen requirements (fast-check seed ${lawSeed()})`, () => {
  beforeAll(() => loadShellGrammar());

  it('for any requirements, user rules, host_executable entries and command or script: never looser with user rules', () => {
    let stricter = 0;
    fc.assert(
      fc.property(
        fc.array(requirementRule, { minLength: 1, maxLength: 4 }),
        fc.array(userRule, { maxLength: 5 }),
        hostExecutables,
        fc.oneof(plain, scriptArgv),
        (required, user, hosts, argv) => {
          const alone = new CommandPolicy(required).check(argv);
          const withUser = new CommandPolicy([...required, ...user], hosts, {
            cwd: '/work',
            homedir: '/home/me',
          }).check(argv);
          expect(rank(withUser.decision)).toBeGreaterThanOrEqual(rank(alone.decision));
          expect(withUser.requirements).toBe(alone.decision);
          // A prompt the requirements keep for the user stays the user's, unless user rules forbid outright.
          if (alone.reviewer === 'user' && withUser.decision === 'prompt') expect(withUser.reviewer).toBe('user');
          if (rank(withUser.decision) > rank(alone.decision)) stricter++;
        },
      ),
      { seed: lawSeed(), numRuns: 1_500 },
    );
    // User rules did tighten some decisions: the generators reach both sides.
    expect(stricter).toBeGreaterThan(0);
  });
});
