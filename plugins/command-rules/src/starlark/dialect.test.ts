import { describe, expect, it } from 'vitest';
import { loadRulesFiles, RulesFileError } from './rules-file.js';

/** The rule programs and first words a file records, `program word word`. */
function recorded(text: string): string[] {
  return loadRulesFiles([{ path: 'd.rules', text }], { homedir: '/home/me' }).rules.map((r) =>
    [r.program, ...r.rest.map((t) => (typeof t === 'string' ? t : `[${t.join('|')}]`))].join(' '),
  );
}

/** What one expression evaluates to, shown as the pattern word `str()` makes of it. */
const value = (expr: string, setup = '') => recorded(`${setup}\nprefix_rule(["v", str(${expr})])`)[0]!.slice(2);

function failure(text: string): RulesFileError {
  try {
    recorded(text);
  } catch (error) {
    if (error instanceof RulesFileError) return error;
    throw error;
  }
  throw new Error('expected a RulesFileError');
}

// Each expected answer below is what Codex 0.171 (`codex execpolicy check`) gave for the same expression.
describe('the .rules dialect Codex 0.171 runs', () => {
  it.each([
    ['{"a": "git"}["a"]', 'git'],
    ['{"a": 1}.get("b", 7)', '7'],
    ['[1, 2, 3, 4, 5][1:4:2]', '[2, 4]'],
    ['"abcdef"[1:4] + "abcdef"[::-1] + "abcdef"[-2:]', 'bcdfedcbaef'],
    ['[1, 2, 3][-1]', '3'],
    ['"%s-%d-%r" % ("a", 3, "b")', 'a-3-"b"'],
    ['"{} {x}".format("a", x = "b")', 'a b'],
    ['range(3)', 'range(0, 3)'],
    ['list(range(1, 10, 3))', '[1, 4, 7]'],
    ['len("abc") + len([1]) + len({"a": 1}) + len(range(4))', '9'],
    ['str((1,))', '(1,)'],
    ['str([1, "a"])', '[1, "a"]'],
    ['"A-b".lower() + "A-b".upper()', 'a-bA-B'],
    ['"a,b,,c".split(",")[2] + "x"', 'x'],
    ['" a  b ".split()', '["a", "b"]'],
    ['"-".join(["a", "b"])', 'a-b'],
    ['"git push".startswith("git") and "git push".endswith(("pull", "push"))', 'True'],
    ['"  x  ".strip() + "xxyxx".strip("x")', 'xy'],
    ['"a-b-c".replace("-", "+", 1)', 'a+b-c'],
    ['str(-7 // 2) + str(-7 % 2) + str(7 % -2)', '-41-1'],
    ['3 * 4 - 10 // 3 % 2', '11'],
    ['"ab" * 2 + str([0] * 3)', 'abab[0, 0, 0]'],
    ['1 < 2 and "a" <= "b" and [1, 2] > [1]', 'True'],
    ['sorted(["b", "a", "c"], reverse = True)', '["c", "b", "a"]'],
    ['[x * 2 for x in range(3) if x != 1]', '[0, 4]'],
    ['{k: v for k, v in [("a", 1)]}', '{"a": 1}'],
    ['[i for i, _ in enumerate(["x", "y"])]', '[0, 1]'],
    ['zip([1, 2], ["a", "b"])', '[(1, "a"), (2, "b")]'],
    ['(lambda a, b = 2: a * b)(3)', '6'],
    ['type(range(3)) + type((1,)) + type({})', 'rangetupledict'],
    ['int("0x1f", 16) + int("12")', '43'],
    ['max([3, 9, 2]) - min(4, 1)', '8'],
    ['repr("a\\"b")', '"a\\"b"'],
  ])('%s → %s', (expr, expected) => {
    expect(value(expr)).toBe(expected);
  });

  it('runs recursion, dict and list updates, tuple unpacking and augmented assignment', () => {
    const text = [
      'def fact(n):',
      '    return 1 if n == 0 else n * fact(n - 1)',
      'd = {"a": 1}',
      'd["b"] = 2',
      'l = [1]',
      'l += [2]',
      'l.append(3)',
      'a, b = 10, 20',
      'a //= 3',
      'prefix_rule(["v", str(fact(5)), str(d), str(l), str(a + b)])',
    ].join('\n');
    expect(recorded(text)).toEqual(['v 120 {"a": 1, "b": 2} [1, 2, 3] 23']);
  });

  it('records prefix_rule called inside a comprehension, a conditional or any expression', () => {
    const text = [
      '[prefix_rule(pattern = [x], decision = "forbidden") for x in ["curl", "wget"]]',
      'prefix_rule(["rm", "-rf"], "prompt") if 1 < 2 else None',
      'ok = prefix_rule(["git", "push"]) == None',
      'prefix_rule(["ok"]) if ok else None',
    ].join('\n');
    expect(recorded(text)).toEqual(['curl', 'wget', 'rm -rf', 'git push', 'ok']);
  });

  it('f-strings take any expression, shown as str() shows it', () => {
    expect(recorded('l = ["x"]\nd = {"a": 1}\nprefix_rule([f"{l[0]}", f"{l}", f"{d}", f"{1 + 2}"])')).toEqual([
      'x ["x"] {"a": 1} 3',
    ]);
  });

  it.each([
    ['x = "abc"[5]', 'index 5 out of range for a string of 3'],
    ['x = {"a": 1}["b"]', 'key not found in dict: string'],
    ['x = {[1]: 2}', "unhashable type: 'list'"],
    ['x = 1 < "a"', "unsupported comparison between 'int' and 'string'"],
    ['x = 1 // 0', 'integer division or modulo by zero'],
    ['x = "%d" % "a"', '%d format requires an int (got string)'],
    ['x = "%s %s" % ("a",)', 'not enough arguments for format string'],
    ['x = "%(k)s" % {"k": 1}', "unsupported format character: '('"],
    ['x = "a".nope()', "'string' value has no method 'nope'"],
    ['x = (1, 2)\nx[0] = 3', "'tuple' value does not support item assignment"],
    ['fail("boom")', 'fail: boom'],
    ['x = range(1, 2, 0)', 'range() step argument must not be zero'],
    ['x = "a" * 10000000', 'string too long (more than 4194304 characters)'],
  ])('%s fails: %s', (text, reason) => {
    expect(failure(text).reason).toBe(reason);
  });

  it('still bounds hostile files: loops, recursion and sizes stop with a position', () => {
    expect(failure('for i in range(100000000):\n    pass').reason).toMatch(/^too many evaluation steps/);
    expect(failure('x = [i for i in range(100000000)]').reason).toMatch(/^too many evaluation steps|list too long/);
    expect(failure('def f():\n    return f()\nf()').reason).toMatch(/Starlark call stack overflow/);
    expect(failure('x = 2\nfor i in range(100):\n    x = x * x').reason).toBe('int too large');
  });
});
