import { describe, expect, it } from 'vitest';
import { MAX_EXPRESSION_DEPTH, MAX_NESTING_DEPTH, parse, RulesFileError, type Expr, type Statement } from './parser.js';

const SUPPORTED =
  'Starlark as Codex runs it: assignments, def, lambda, return, for, if/elif/else, pass, break, continue; strings, ' +
  'f-strings, ints, lists, tuples, dicts, comprehensions, indexing and slicing, methods, and the operators ' +
  '+ - * // % == != < <= > >= in not in and or not';

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
          callee: { kind: 'name', name: 'prefix_rule', line: 1, column: 1 },
          line: 1,
          column: 1,
          args: [
            {
              line: 1,
              column: 13,
              value: {
                kind: 'list',
                line: 1,
                column: 13,
                items: [{ kind: 'string', value: 'git', line: 1, column: 14 }],
              },
            },
            { name: 'decision', line: 1, column: 22, value: { kind: 'string', value: 'prompt', line: 1, column: 33 } },
          ],
        },
      ],
    });
  });

  it('parses assignments of strings, nested lists, names and constants', () => {
    const module = parse('a = "x"\nb = [a, ["y", True], False, None,]\n', 'p.rules');
    expect(module.statements).toEqual([
      {
        kind: 'assign',
        target: { kind: 'name', name: 'a', line: 1, column: 1 },
        line: 1,
        column: 1,
        value: { kind: 'string', value: 'x', line: 1, column: 5 },
      },
      {
        kind: 'assign',
        target: { kind: 'name', name: 'b', line: 2, column: 1 },
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
    expect(statements[1]).toMatchObject({ kind: 'call', callee: { name: 'host_executable' }, line: 10, column: 1 });
    expect(statements[0]).toMatchObject({
      args: [
        { name: 'pattern', line: 3, column: 5 },
        { name: 'decision', line: 7, column: 5 },
      ],
    });
  });

  it('accepts empty calls and empty lists', () => {
    expect(parse('f()\nx = []\n', 'p.rules').statements).toEqual([
      { kind: 'call', callee: { kind: 'name', name: 'f', line: 1, column: 1 }, args: [], line: 1, column: 1 },
      {
        kind: 'assign',
        target: { kind: 'name', name: 'x', line: 2, column: 1 },
        value: { kind: 'list', items: [], line: 2, column: 5 },
        line: 2,
        column: 1,
      },
    ]);
  });

  it('accepts a docstring as an expression statement', () => {
    expect(parse('"""My rules."""\nf()', 'p.rules').statements.map((s) => s.kind)).toEqual(['expr', 'call']);
  });

  it('parses ints and `+` chains, kept flat with the position of each `+`', () => {
    expect(parse('x = a + ["b"] + 7', 'p.rules').statements[0]).toEqual({
      kind: 'assign',
      target: { kind: 'name', name: 'x', line: 1, column: 1 },
      line: 1,
      column: 1,
      value: {
        kind: 'sum',
        line: 1,
        column: 5,
        operands: [
          { kind: 'name', name: 'a', line: 1, column: 5 },
          { kind: 'list', items: [{ kind: 'string', value: 'b', line: 1, column: 10 }], line: 1, column: 9 },
          { kind: 'int', value: 7n, line: 1, column: 17 },
        ],
        plus: [
          { line: 1, column: 7 },
          { line: 1, column: 15 },
        ],
      },
    });
  });

  it('parses a 100,000-operand `+` chain without deep recursion', () => {
    const value = parse(`x = "a"${' + "a"'.repeat(100_000)}`, 'p.rules').statements[0]!;
    expect(value).toMatchObject({ kind: 'assign', value: { kind: 'sum' } });
  });

  it('separates statements on one line with `;`, a trailing `;` allowed', () => {
    expect(parse('f(); x = "a" ; g();\nh()', 'p.rules').statements.map((s) => s.kind)).toEqual([
      'call',
      'assign',
      'call',
      'call',
    ]);
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
    ['True = "a"', 1, 1, 'cannot assign to True'],
    ['None = "a"', 1, 1, 'cannot assign to None'],
    ['x = ]', 1, 5, "expected an expression, found ']'"],
    ['f();;', 1, 5, "expected a statement, found ';'"],
    ['; f()', 1, 1, "expected a statement, found ';'"],
    ['f(a; b)', 1, 4, "expected ',' or ')', found ';'"],
    ['x = "a" +', 1, 10, 'expected an expression, found end of file'],
    ['x = 1 2', 1, 7, 'expected end of line after statement, found int 2'],
    ['load("x.star", "y")', 1, 1, `\`load\` is not supported in .rules files: ${SUPPORTED}`],
    ['while True:\n    pass', 1, 1, `\`while\` is not supported in .rules files: ${SUPPORTED}`],
    ['x = "a"\n  y = "b"', 2, 3, 'unexpected indentation'],
    ['  x = "a"', 1, 3, 'unexpected indentation'],
    ['if x: pass\n    y = 1', 2, 5, 'unexpected indentation'],
    ['if x:\ny = 1', 2, 1, 'expected an indented block after `if` at 1:1'],
    ['def f():\n\nf()', 3, 1, 'expected an indented block after `def` at 1:1'],
    ['for x in y:', 1, 12, 'expected a statement after `for`, found end of file'],
    ['if x\n    pass', 1, 5, "expected ':', found end of line"],
    ['for x y:', 1, 7, "expected 'in', found name 'y'"],
    ['for "x" in y: pass', 1, 5, 'expected a loop variable name, found a string'],
    ['for in y: pass', 1, 5, "expected a loop variable name, found keyword 'in'"],
    ['if x: if y: pass', 1, 7, '`if` must start a line of its own'],
    ['else:\n    pass', 1, 1, '`else` without a matching `if`'],
    ['if x:\n    pass\ny = 1\nelif z:\n    pass', 4, 1, '`elif` without a matching `if`'],
    ['return 1', 1, 1, '`return` outside a function'],
    ['if x:\n    return', 2, 5, '`return` outside a function'],
    ['def f():\n    for x in y:\n        def g():\n            break', 4, 13, '`break` outside a loop'],
    ['continue', 1, 1, '`continue` outside a loop'],
    ['def f(a, a): pass', 1, 10, "duplicate parameter 'a'"],
    ['def f(a = 1, b): pass', 1, 14, "required parameter 'b' follows an optional one"],
    ['def f(*args): pass', 1, 7, '`*args` and `**kwargs` parameters are not supported in .rules files'],
    ['f(*x)', 1, 3, 'unpacking arguments with `*` or `**` is not supported in .rules files'],
    ['x = 1 / 2', 1, 7, '`/` makes floats, which .rules files do not have; use `//`'],
    ['x = a < b < c', 1, 11, 'comparisons cannot be chained; use `and`'],
    ['x = s.upper', 1, 7, 'methods can only be called: write .upper(…)'],
    ['x = s.', 1, 7, "expected a method name after '.', found end of file"],
    ['x = y[]', 1, 7, 'expected an index'],
    ['x = {"a" 1}', 1, 10, "expected ':' after a dict key, found int 1"],
    ['x = {"a": 1', 1, 12, "'{' at 1:5 was never closed"],
    ['a, b += 1', 1, 6, '`+=` assigns to one variable or item, not to several'],
    ['f() = 1', 1, 1, 'only a variable, an item (x[i]) or several of them (a, b) can be assigned to'],
    ['def (): pass', 1, 5, "expected a function name, found '('"],
    ['def if(): pass', 1, 5, "expected a function name, found keyword 'if'"],
    ['def f(True): pass', 1, 7, "expected a parameter name, found name 'True'"],
    ['x = a == b == c', 1, 12, 'comparisons cannot be chained; use `and`'],
    ['x = a in b not in c', 1, 12, 'comparisons cannot be chained; use `and`'],
    ['x = (1', 1, 7, "'(' at 1:5 was never closed"],
    ['x = (1]', 1, 7, "expected ')', found ']'"],
    ['x = a if b', 1, 11, "expected 'else', found end of file"],
    ['x = [a for a in b', 1, 18, "'[' at 1:5 was never closed"],
    ['x = [a, b for b in c]', 1, 11, "expected ',' or ']', found keyword 'for'"],
    ['x = [a if b for b in c]', 1, 13, "expected 'else', found keyword 'for'"],
    ['x = and', 1, 5, "expected an expression, found keyword 'and'"],
    ['x + 1 = 2', 1, 1, 'only a variable, an item (x[i]) or several of them (a, b) can be assigned to'],
    ['pass = 1', 1, 6, "expected end of line after statement, found '='"],
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

describe('parser: the rest of the dialect', () => {
  it('parses tuples, dicts, indexing, slicing, methods and arithmetic with the usual precedence', () => {
    expect(valueOf('x = (1, "a")')).toMatchObject({ kind: 'tuple', items: [{ kind: 'int' }, { kind: 'string' }] });
    expect(valueOf('x = (1,)')).toMatchObject({ kind: 'tuple', items: [{ kind: 'int' }] });
    expect(valueOf('x = ()')).toMatchObject({ kind: 'tuple', items: [] });
    expect(valueOf('x = 1, 2')).toMatchObject({ kind: 'tuple', items: [{ value: 1n }, { value: 2n }] });
    expect(valueOf('x = {"a": 1, "b": [2]}')).toMatchObject({ kind: 'dict', entries: [{}, {}] });
    expect(valueOf('x = {k: v for k, v in y}')).toMatchObject({ kind: 'dictcomp', key: name('k', 1, 6) });
    expect(valueOf('x = y[0][1:2:-1]')).toMatchObject({ kind: 'slice', object: { kind: 'index' }, ...at(1, 9) });
    expect(valueOf('x = y[:]')).toMatchObject({ kind: 'slice', object: name('y', 1, 5) });
    expect(valueOf('x = "a,b".split(",")')).toMatchObject({
      kind: 'call',
      callee: { kind: 'attribute', name: 'split', object: { kind: 'string' } },
    });
    expect(valueOf('x = a - b * c // d % e + f')).toMatchObject({
      kind: 'sum',
      operands: [{ kind: 'binary', op: '-', right: { kind: 'binary', op: '%' } }, name('f', 1, 26)],
    });
    expect(valueOf('x = -a * 2')).toMatchObject({ kind: 'binary', op: '*', left: { kind: 'unary', op: '-' } });
    expect(valueOf('x = a <= b')).toMatchObject({ kind: 'compare', op: '<=' });
    expect(valueOf('x = lambda a, b = 1: a + b')).toMatchObject({
      kind: 'lambda',
      def: { params: [{ name: 'a' }, { name: 'b' }] },
    });
    expect(valueOf('x = f"{a + b[0]}!"')).toMatchObject({ kind: 'fstring', parts: [{ kind: 'sum' }, '!'] });
  });

  it('parses item, tuple and augmented assignments and loops over several variables', () => {
    expect(only('d["k"] = 1')).toMatchObject({ kind: 'assign', target: { kind: 'index' } });
    expect(only('a, (b, c) = x')).toMatchObject({
      target: { kind: 'targets', items: [name('a', 1, 1), { kind: 'targets' }] },
    });
    expect(only('n += 1')).toMatchObject({ kind: 'assign', op: '+', target: name('n', 1, 1) });
    expect(only('l[0] //= 2')).toMatchObject({ op: '//', target: { kind: 'index' } });
    expect(only('for k, v in d.items(): pass')).toMatchObject({ target: { kind: 'targets' } });
    expect(only('def f(a):\n    return a, a')).toMatchObject({ body: [{ kind: 'return', value: { kind: 'tuple' } }] });
  });
});

const at = (line: number, column: number) => ({ line, column });
const name = (n: string, line: number, column: number): Expr => ({ kind: 'name', name: n, ...at(line, column) });
const str = (value: string, line: number, column: number): Expr => ({ kind: 'string', value, ...at(line, column) });
const statements = (text: string): readonly Statement[] => parse(text, 'p.rules').statements;
const only = (text: string): Statement => statements(text)[0]!;
const valueOf = (text: string): Expr => {
  const statement = only(text);
  if (statement.kind !== 'assign') throw new Error(`not an assignment: ${statement.kind}`);
  return statement.value;
};

describe('parser: blocks', () => {
  it('parses the def, for and if of a typical rules file', () => {
    const text = `def deny(cmd):
    prefix_rule(pattern = cmd, decision = "forbidden")
deny(["terraform", "destroy"])
for sub in ["push", "commit"]:
    prefix_rule(pattern = ["git", sub], decision = "prompt")
if True:
    prefix_rule(pattern = ["ls"])
`;
    const [def, call, loop, branch] = statements(text);
    expect(def).toMatchObject({ kind: 'def', name: 'deny', params: [{ name: 'cmd', ...at(1, 10) }], ...at(1, 1) });
    expect(def).toMatchObject({ body: [{ kind: 'call', callee: { name: 'prefix_rule' }, ...at(2, 5) }] });
    expect(def?.kind === 'def' && [...def.locals]).toEqual(['cmd']);
    expect(call).toMatchObject({ kind: 'call', callee: { name: 'deny' }, ...at(3, 1) });
    expect(loop).toMatchObject({
      kind: 'for',
      target: name('sub', 4, 5),
      iterable: { kind: 'list', ...at(4, 12) },
      ...at(4, 1),
    });
    expect(loop).toMatchObject({
      body: [{ kind: 'call', args: [{ value: { items: [str('git', 5, 28), name('sub', 5, 35)] } }, {}] }],
    });
    expect(branch).toMatchObject({
      kind: 'if',
      branches: [{ test: { kind: 'bool', value: true }, body: [{ kind: 'call', ...at(7, 5) }] }],
      orelse: [],
      ...at(6, 1),
    });
  });

  it('parses defaults, return and the names a def binds (not those of a nested def)', () => {
    const def = only(
      'def f(a, b = "x", c = None):\n    if a:\n        d = 1\n    for e, g in b:\n        pass\n    def h():\n        i = 2\n    return d\n',
    );
    expect(def).toMatchObject({
      kind: 'def',
      params: [{ name: 'a' }, { name: 'b', default: str('x', 1, 14) }, { name: 'c', default: { kind: 'none' } }],
      body: [
        { kind: 'if' },
        { kind: 'for', target: { kind: 'targets', items: [name('e', 4, 9), name('g', 4, 12)] } },
        { kind: 'def', name: 'h' },
        { kind: 'return', value: name('d', 8, 12) },
      ],
    });
    expect(def.kind === 'def' && [...def.locals].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'g', 'h']);
    expect(only('def f():\n    return\n')).toMatchObject({ body: [{ kind: 'return', ...at(2, 5) }] });
    expect(only('def f():\n    return\n')).not.toHaveProperty('body.0.value');
  });

  it('parses if / elif / else as one statement with its branches in order', () => {
    expect(only('if a:\n    x = 1\nelif b:\n    x = 2\nelif c: x = 3\nelse:\n    x = 4\n')).toMatchObject({
      kind: 'if',
      branches: [
        { test: name('a', 1, 4), body: [{ kind: 'assign', target: { name: 'x' }, ...at(2, 5) }] },
        { test: name('b', 3, 6), body: [{ kind: 'assign', ...at(4, 5) }] },
        { test: name('c', 5, 6), body: [{ kind: 'assign', ...at(5, 9) }] },
      ],
      orelse: [{ kind: 'assign', ...at(7, 5) }],
    });
  });

  it('accepts simple statements after the colon, separated by `;`', () => {
    expect(statements('for x in y: f(x); g(x)\nif x: pass\nh()')).toMatchObject([
      {
        kind: 'for',
        body: [
          { kind: 'call', callee: { name: 'f' } },
          { kind: 'call', callee: { name: 'g' } },
        ],
      },
      { kind: 'if', branches: [{ body: [{ kind: 'pass' }] }] },
      { kind: 'call', callee: { name: 'h' }, ...at(3, 1) },
    ]);
  });

  it('nests blocks and returns to outer ones, several at once', () => {
    const text = 'for a in x:\n    for b in y:\n        if c:\n            break\n        continue\n    f()\ng()\n';
    expect(statements(text)).toMatchObject([
      {
        kind: 'for',
        body: [
          {
            kind: 'for',
            body: [
              { kind: 'if', branches: [{ body: [{ kind: 'break', ...at(4, 13) }] }] },
              { kind: 'continue', ...at(5, 9) },
            ],
          },
          { kind: 'call', callee: { name: 'f' } },
        ],
      },
      { kind: 'call', callee: { name: 'g' }, ...at(7, 1) },
    ]);
  });

  it('ends blocks at the end of the file, with or without a final line break', () => {
    expect(statements('if a:\n    if b:\n        f()')).toMatchObject([
      { kind: 'if', branches: [{ body: [{ kind: 'if' }] }] },
    ]);
    expect(statements('def f():\n    pass\n\n\n')).toHaveLength(1);
  });
});

describe('parser: expressions', () => {
  it('parses calls of any function inside expressions', () => {
    expect(valueOf('x = f("a", k = g())')).toEqual({
      kind: 'call',
      callee: name('f', 1, 5),
      ...at(1, 5),
      args: [
        { value: str('a', 1, 7), ...at(1, 7) },
        { name: 'k', value: { kind: 'call', callee: name('g', 1, 16), args: [], ...at(1, 16) }, ...at(1, 12) },
      ],
    });
  });

  it('binds `not` looser than comparisons, `and` tighter than `or`, and the conditional loosest', () => {
    expect(valueOf('x = not a == b')).toEqual({
      kind: 'not',
      ...at(1, 5),
      operand: { kind: 'compare', op: '==', left: name('a', 1, 9), right: name('b', 1, 14), ...at(1, 11) },
    });
    expect(valueOf('x = a or b and c or d')).toEqual({
      kind: 'or',
      ...at(1, 5),
      operands: [
        name('a', 1, 5),
        { kind: 'and', operands: [name('b', 1, 10), name('c', 1, 16)], ...at(1, 10) },
        name('d', 1, 21),
      ],
    });
    expect(valueOf('x = a if b or c else d if e else f')).toMatchObject({
      kind: 'conditional',
      then: name('a', 1, 5),
      test: { kind: 'or' },
      otherwise: { kind: 'conditional', then: name('d', 1, 22), test: name('e', 1, 27), otherwise: name('f', 1, 34) },
    });
  });

  it('parses `in`, `not in` and `!=` with the operator’s position, and `+` inside them', () => {
    expect(valueOf('x = a + b not in c')).toMatchObject({
      kind: 'compare',
      op: 'not in',
      left: { kind: 'sum' },
      right: name('c', 1, 18),
      ...at(1, 11),
    });
    expect(valueOf('x = a in [b]')).toMatchObject({ kind: 'compare', op: 'in', ...at(1, 7) });
    expect(valueOf('x = a != b')).toMatchObject({ kind: 'compare', op: '!=', ...at(1, 7) });
  });

  it('groups with parentheses, across lines', () => {
    expect(valueOf('x = (a or\n  b) and c')).toMatchObject({
      kind: 'and',
      operands: [{ kind: 'or' }, name('c', 2, 10)],
    });
  });

  it('parses list comprehensions with several clauses and the names they bind', () => {
    const value = valueOf('x = [f(a) for a, b in y if a != b for c in z if not c]');
    expect(value).toMatchObject({
      kind: 'comprehension',
      ...at(1, 5),
      body: { kind: 'call', callee: { name: 'f' } },
      clauses: [
        {
          kind: 'for',
          target: { kind: 'targets', items: [name('a', 1, 15), name('b', 1, 18)] },
          iterable: name('y', 1, 23),
          ...at(1, 11),
        },
        { kind: 'if', test: { kind: 'compare', op: '!=' }, ...at(1, 25) },
        { kind: 'for', target: name('c', 1, 39), iterable: name('z', 1, 44), ...at(1, 35) },
        { kind: 'if', test: { kind: 'not' }, ...at(1, 46) },
      ],
    });
    expect(value.kind === 'comprehension' && [...value.names]).toEqual(['a', 'b', 'c']);
    expect(valueOf('x = [a if a else b for a in c]')).toMatchObject({
      kind: 'comprehension',
      body: { kind: 'conditional' },
    });
  });

  it(`rejects expressions nested more than ${MAX_EXPRESSION_DEPTH} deep, whatever they are`, () => {
    expect(parseError(`x = ${'f('.repeat(200)}`)).toMatchObject({
      ...at(1, 5 + 2 * MAX_EXPRESSION_DEPTH),
      reason: 'expression nested too deeply (more than 100 levels)',
    });
    expect(parseError(`x = ${'not '.repeat(1_000_000)}a`).reason).toBe(
      'expression nested too deeply (more than 100 levels)',
    );
    expect(parseError(`x = ${'('.repeat(1_000_000)}`).reason).toBe(
      'expression nested too deeply (more than 100 levels)',
    );
    expect(parseError(`x = a${' if b else a'.repeat(200_000)}`).reason).toBe(
      'expression nested too deeply (more than 100 levels)',
    );
    expect(parse(`x = ${'('.repeat(90)}a${')'.repeat(90)}`, 'p.rules').statements).toHaveLength(1);
  });

  it(`rejects a comprehension of more than ${MAX_NESTING_DEPTH} clauses`, () => {
    expect(parseError(`x = [a for a in b${' if a'.repeat(100)}]`)).toMatchObject({
      ...at(1, 19 + 5 * (MAX_NESTING_DEPTH - 1)),
      reason: 'too many clauses in a comprehension (more than 64)',
    });
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
