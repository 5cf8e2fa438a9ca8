import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lawSeed } from '@ratchet/testkit';
import { describeDecisionLaws } from '@ratchet/testkit/vitest';
import { CommandPolicy } from './policy.js';
import { rank, stricter, type Decision, type PatternToken, type PrefixRule } from './rules/model.js';
import { commandsForPolicy, shellScript } from './shell/split.js';

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
/** Commands joined into a script that splits; a segment that is itself a shell invocation is left out (see below). */
const script = fc
  .array(
    fc.tuple(
      command.filter((c) => shellScript(c) === undefined),
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

describe(`scripts are as strict as their strictest command (fast-check seed ${lawSeed()})`, () => {
  it('decide(bash -lc "a && b | c") is the strictest of decide(a), decide(b), decide(c)', () => {
    fc.assert(
      fc.property(rules, script, (rs, { segments, text }) => {
        const argv = ['bash', '-lc', text];
        // The precondition: the script splits into exactly the generated commands.
        expect(commandsForPolicy(argv)).toEqual({ commands: segments, split: true });
        const policy = new CommandPolicy(rs);
        let strictest: Decision | 'none' = 'none';
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

  it('a segment that is itself a shell is judged as written and split, never looser than its split commands', () => {
    const rs: PrefixRule[] = [
      { program: 'bash', rest: ['-lc'], decision: 'prompt', origin: { kind: 'user', file: 'law.rules', at: '1:1' } },
      { program: 'rm', rest: [], decision: 'forbidden', origin: { kind: 'user', file: 'law.rules', at: '2:1' } },
    ];
    const policy = new CommandPolicy(rs);
    // At the top level the split wins and the bash rule is not consulted (spec 1.5) …
    expect(policy.check(['bash', '-lc', 'npm install']).decision).toBe('none');
    // … but a nested shell segment also counts as a command of its own, as Codex judges it.
    expect(policy.check(['bash', '-lc', 'ls && bash -lc "npm install"']).decision).toBe('prompt');
    expect(policy.check(['bash', '-lc', 'ls && bash -lc "rm x"']).decision).toBe('forbidden');
  });
});
