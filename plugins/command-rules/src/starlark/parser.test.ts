import { describe, expect, it } from 'vitest';
import { MAX_NESTING_DEPTH, parse, RulesFileError } from './parser.js';

const SUPPORTED = 'only assignments, calls of prefix_rule, host_executable and network_rule, strings (f-strings too), ints, lists and + are supported';

function parseError(text: string): RulesFileError {
  try {
    parse(text, 'p.rules');
  } catch (error) {
    if (error instanceof RulesFileError) return error;
    throw error;
  }
  throw new Error('expected a RulesFileError');
}

describe('parser: statements', () => {
  it('parses calls with positional and keyword arguments, keeping positions', () => {
    const module = parse('prefix_rule(["git"], decision = "prompt")', 'p.rules');
    expect(module).toEqual({
      file: 'p.rules',
      statements: [
        {
          kind: 'call',
          callee: 'prefix_rule',
          line: 1,
          column: 1,
          args: [
            { line: 1, column: 13, value: { kind: 'list', line: 1, column: 13, items: [{ kind: 'string', value: 'git', line: 1, column: 14 }] } },
            { name: 'decision', line: 1, column: 22, value: { kind: 'string', value: 'prompt', line: 1, column: 33 } },
          ],
        },
      ],
    });
  });

  it('parses assignments of strings, nested lists, names and constants', () => {
    const module = parse('a = "x"\nb = [a, ["y", True], False, None,]\n', 'p.rules');
    expect(module.statements).toEqual([
      { kind: 'assign', target: 'a', line: 1, column: 1, value: { kind: 'string', value: 'x', line: 1, column: 5 } },
      {
        kind: 'assign',
        target: 'b',
        line: 2,
        column: 1,
        value: {
          kind: 'list',
          line: 2,
          column: 5,
          items: [
            { kind: 'name', name: 'a', line: 2, column: 6 },
            {
              kind: 'list',
              line: 2,
              column: 9,
              items: [
                { kind: 'string', value: 'y', line: 2, column: 10 },
                { kind: 'bool', value: true, line: 2, column: 15 },
              ],
            },
            { kind: 'bool', value: false, line: 2, column: 22 },
            { kind: 'none', line: 2, column: 29 },
          ],
        },
      },
    ]);
  });

  it('accepts trailing commas, comments and line breaks inside calls and lists', () => {
    const text = `# rules
prefix_rule(
    pattern = [
        "git",   # the program
        ["push", "fetch"],
    ],
    decision = "prompt",  # ask first
)

host_executable("git", [],)
`;
    const statements = parse(text, 'p.rules').statements;
    expect(statements.map((s) => s.kind)).toEqual(['call', 'call']);
    expect(statements[1]).toMatchObject({ kind: 'call', callee: 'host_executable', line: 10, column: 1 });
    expect(statements[0]).toMatchObject({ args: [{ name: 'pattern', line: 3, column: 5 }, { name: 'decision', line: 7, column: 5 }] });
  });

  it('accepts empty calls and empty lists', () => {
    expect(parse('f()\nx = []\n', 'p.rules').statements).toEqual([
      { kind: 'call', callee: 'f', args: [], line: 1, column: 1 },
      { kind: 'assign', target: 'x', value: { kind: 'list', items: [], line: 2, column: 5 }, line: 2, column: 1 },
    ]);
  });

  it('accepts a docstring as an expression statement', () => {
    expect(parse('"""My rules."""\nf()', 'p.rules').statements.map((s) => s.kind)).toEqual(['expr', 'call']);
  });

  it('parses ints and `+` chains, kept flat with the position of each `+`', () => {
    expect(parse('x = a + ["b"] + 7', 'p.rules').statements[0]).toEqual({
      kind: 'assign', target: 'x', line: 1, column: 1,
      value: {
        kind: 'sum', line: 1, column: 5,
        operands: [
          { kind: 'name', name: 'a', line: 1, column: 5 },
          { kind: 'list', items: [{ kind: 'string', value: 'b', line: 1, column: 10 }], line: 1, column: 9 },
          { kind: 'int', value: 7n, line: 1, column: 17 },
        ],
        plus: [{ line: 1, column: 7 }, { line: 1, column: 15 }],
      },
    });
  });

  it('parses a 100,000-operand `+` chain without deep recursion', () => {
    const value = parse(`x = "a"${' + "a"'.repeat(100_000)}`, 'p.rules').statements[0]!;
    expect(value).toMatchObject({ kind: 'assign', value: { kind: 'sum' } });
  });

  it('separates statements on one line with `;`, a trailing `;` allowed', () => {
    expect(parse('f(); x = "a" ; g();\nh()', 'p.rules').statements.map((s) => s.kind)).toEqual(['call', 'assign', 'call', 'call']);
  });

  it('parses an empty file and a comment-only file', () => {
    expect(parse('', 'p.rules').statements).toEqual([]);
    expect(parse('# nothing\n\n', 'p.rules').statements).toEqual([]);
  });
});

describe('parser: errors', () => {
  it.each([
    ['f(a = "x", "y")', 1, 12, 'positional argument follows keyword argument'],
    ['f(a = "x", b = "y", a = "z")', 1, 21, "repeated keyword argument 'a'"],
    ['f("a" "b")', 1, 7, "expected ',' or ')', found a string"],
    ['x = ["a" "b"]', 1, 10, "expected ',' or ']', found a string"],
    ['f(', 1, 3, "'(' at 1:2 was never closed"],
    ['x = ["a",\n', 2, 1, "'[' at 1:5 was never closed"],
    ['f("a"', 1, 6, "'(' at 1:2 was never closed"],
    ['x = ', 1, 5, 'expected an expression, found end of file'],
    ['x = )', 1, 5, "expected an expression, found ')'"],
    ['f(,)', 1, 3, "expected an expression, found ','"],
    ['x = [,]', 1, 6, "expected an expression, found ','"],
    [')', 1, 1, "expected a statement, found ')'"],
    ['= "a"', 1, 1, "expected a statement, found '='"],
    ['f() g()', 1, 5, "expected end of line after statement, found name 'g'"],
    ['x = "a" "b"', 1, 9, 'expected end of line after statement, found a string'],
    ['x = f("a")', 1, 6, 'calls are only allowed as statements'],
    ['True = "a"', 1, 1, 'cannot assign to True'],
    ['None = "a"', 1, 1, 'cannot assign to None'],
    ['x = ]', 1, 5, "expected an expression, found ']'"],
    ['f();;', 1, 5, "expected a statement, found ';'"],
    ['; f()', 1, 1, "expected a statement, found ';'"],
    ['f(a; b)', 1, 4, "expected ',' or ')', found ';'"],
    ['x = "a" +', 1, 10, 'expected an expression, found end of file'],
    ['x = + "a"', 1, 5, "expected an expression, found '+'"],
    ['x = 1 2', 1, 7, 'expected end of line after statement, found int 2'],
    ['for x in ["a"]:', 1, 1, `\`for\` is not supported in .rules files: ${SUPPORTED}`],
    ['if True:', 1, 1, `\`if\` is not supported in .rules files: ${SUPPORTED}`],
    ['def f():', 1, 1, `\`def\` is not supported in .rules files: ${SUPPORTED}`],
    ['load("x.star", "y")', 1, 1, `\`load\` is not supported in .rules files: ${SUPPORTED}`],
    ['x = [s for s in y]', 1, 8, `\`for\` is not supported in .rules files: ${SUPPORTED}`],
    ['x = "a" if y else "b"', 1, 9, `\`if\` is not supported in .rules files: ${SUPPORTED}`],
    ['x = not y', 1, 5, `\`not\` is not supported in .rules files: ${SUPPORTED}`],
    ['f(x = )', 1, 7, "expected an expression, found ')'"],
  ] as const)('%j → %i:%i %s', (text, line, column, reason) => {
    const error = parseError(text);
    expect(error).toBeInstanceOf(RulesFileError);
    expect(error).toMatchObject({ file: 'p.rules', line, column, reason });
    expect(error.message).toBe(`p.rules:${line}:${column}: ${reason}`);
  });

  it('passes lexer errors through with their position', () => {
    expect(parseError('f(\n  "abc\n)')).toMatchObject({ line: 2, column: 3, reason: 'unterminated string' });
  });
});

describe('parser: nesting limit', () => {
  const nested = (depth: number) => `x = ${'['.repeat(depth)}"a"${']'.repeat(depth)}`;

  it(`accepts ${MAX_NESTING_DEPTH} nested lists`, () => {
    expect(parse(nested(MAX_NESTING_DEPTH), 'p.rules').statements).toHaveLength(1);
    expect(parse(`f(${nested(MAX_NESTING_DEPTH).slice(4)})`, 'p.rules').statements).toHaveLength(1);
  });

  it(`rejects list ${MAX_NESTING_DEPTH + 1} deep at its bracket`, () => {
    expect(parseError(nested(MAX_NESTING_DEPTH + 1))).toMatchObject({
      line: 1,
      column: 5 + MAX_NESTING_DEPTH,
      reason: 'lists nested too deeply (more than 64 levels)',
    });
  });

  it('rejects a 1 MB file of nested brackets at the depth limit, without overflowing the stack', () => {
    const text = `prefix_rule(pattern = ${'['.repeat(1024 * 1024)}`;
    const error = parseError(text);
    expect(error.reason).toBe('lists nested too deeply (more than 64 levels)');
    expect(error).toMatchObject({ line: 1, column: 23 + MAX_NESTING_DEPTH });
  });

  it('rejects a 1 MB file of closing brackets at the first one', () => {
    expect(parseError(']'.repeat(1024 * 1024))).toMatchObject({ line: 1, column: 1 });
  });

  it('handles a 1 MB file of balanced but shallow lists', () => {
    const text = `x = [${'["a", ["b"]], '.repeat(80_000)}]`;
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(parse(text, 'p.rules').statements).toHaveLength(1);
  });
});
