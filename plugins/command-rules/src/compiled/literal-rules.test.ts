import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateRulesFiles, loadRulesFiles, RulesFileError } from '../starlark/rules-file.js';
import { literalRules } from './literal-rules.js';

const SEED = 1818;

/** What loading gives: the rules, or the error's position and reason. */
function outcome(load: () => unknown): unknown {
  try {
    return { rules: load() };
  } catch (error) {
    if (!(error instanceof RulesFileError)) throw error;
    return { error: [error.line, error.column, error.reason] };
  }
}

const word = fc.stringMatching(/^[a-z0-9 ._#=\-/"'\\()[\],é💥]{0,6}$/u);
const quoted = fc.tuple(fc.constantFrom('"', "'"), word).map(([q, w]) => `${q}${w}${q}`);
const space = fc.constantFrom('', ' ', '  ', '\n', ' # note\n  ', '\n\n');
const token = fc.oneof(
  { weight: 4, arbitrary: quoted },
  fc.array(quoted, { maxLength: 3 }).map((alts) => `[${alts.join(', ')}]`),
);
const pattern = fc
  .tuple(fc.array(token, { maxLength: 4 }), fc.boolean())
  .map(([tokens, trailing]) => `[${tokens.join(', ')}${trailing && tokens.length > 0 ? ',' : ''}]`);
const decision = fc.oneof(
  fc.constantFrom('"allow"', '"prompt"', '"forbidden"', "'prompt'", '"deny"', '""', '"Allow"'),
  quoted,
);
const argument = fc.oneof(
  pattern.map((p) => `pattern = ${p}`),
  decision.map((d) => `decision=${d}`),
  quoted.map((j) => `justification = ${j}`),
  fc.constantFrom('match = ["git push"]', 'not_match = []', '["git"]', 'pattern = "git"', 'foo = 1'),
);
const call = fc
  .tuple(fc.array(fc.tuple(space, argument), { maxLength: 4 }), space, fc.boolean(), fc.constantFrom('', ' ', ' # c'))
  .map(
    ([args, end, trailing, after]) =>
      `prefix_rule(${args.map(([s, a]) => `${s}${a}`).join(',')}${trailing && args.length > 0 ? ',' : ''}${end})${after}`,
  );
const line = fc.oneof(
  { weight: 6, arbitrary: call },
  fc.constantFrom('', '# a comment', '   ', '  # indented comment', 'x = ["a"]', '  prefix_rule(pattern=["a"])'),
  fc.constantFrom('host_executable(name = "git", paths = ["/usr/bin/git"])', 'prefix_rule (pattern=["a"])'),
  fc.constantFrom('prefix_rule(pattern=["a"]); prefix_rule(pattern=["b"])', '\uFEFFprefix_rule(pattern=["a"])'),
);
const file = fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n'));

describe(`literal rules read as the interpreter reads them (fast-check seed ${SEED})`, () => {
  it('gives the same rules or the same error as the interpreter, on every generated file', () => {
    let literal = 0;
    fc.assert(
      fc.property(file, (text) => {
        const files = [{ path: 'user.rules', text }];
        if (literalRules('user.rules', text) !== undefined) literal++;
        expect(outcome(() => loadRulesFiles(files, { homedir: '/home/u' }))).toEqual(
          outcome(() => evaluateRulesFiles(files, { homedir: '/home/u' })),
        );
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // The generator must reach the one-pass reader often, or the comparison says little.
    expect(literal).toBeGreaterThan(300);
  });

  it('reads a file of literal rules, and leaves every other file to the interpreter', () => {
    const text = 'prefix_rule(pattern = ["git", ["push", "fetch"]], decision = "forbidden", justification = "no")\n';
    expect(literalRules('a.rules', text)).toEqual([
      {
        program: 'git',
        rest: [['push', 'fetch']],
        decision: 'forbidden',
        justification: 'no',
        origin: { kind: 'user', file: 'a.rules', at: '1:1' },
      },
    ]);
    for (const other of [
      'prefix_rule(pattern = ["git"], decision = "nope")',
      'prefix_rule(pattern = ["g\\x69t"])',
      'prefix_rule(pattern = ["git"], match = ["git"])',
      'p = ["git"]\nprefix_rule(pattern = p)',
      'prefix_rule(pattern = ["""git"""])',
    ])
      expect(literalRules('a.rules', other)).toBeUndefined();
  });
});
