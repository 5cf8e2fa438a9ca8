import { describe, expect, it } from 'vitest';
import { MAX_INDENTATION_LEVELS, RulesFileError, tokenize, type Token } from './lexer.js';

const kinds = (text: string) => tokenize(text, 'f.rules').map((t) => t.kind);
const strings = (text: string) =>
  tokenize(text, 'f.rules')
    .filter((t) => t.kind === 'STRING')
    .map((t) => t.value);
const short = (t: Token) =>
  `${t.kind}${t.kind === 'NAME' || t.kind === 'STRING' ? `:${t.value}` : ''}@${t.line}:${t.column}`;

function lexError(text: string): RulesFileError {
  try {
    tokenize(text, 'f.rules');
  } catch (error) {
    if (error instanceof RulesFileError) return error;
    throw error;
  }
  throw new Error('expected a RulesFileError');
}

describe('lexer: tokens and positions', () => {
  it('gives every token a 1-based line and column', () => {
    expect(tokenize('prefix_rule(pattern = ["git"])\nx=1'.replace('1', '"y"')).map(short)).toEqual([
      'NAME:prefix_rule@1:1',
      '(@1:12',
      'NAME:pattern@1:13',
      '=@1:21',
      '[@1:23',
      'STRING:git@1:24',
      ']@1:29',
      ')@1:30',
      'NEWLINE@1:31',
      'NAME:x@2:1',
      '=@2:2',
      'STRING:y@2:3',
      'EOF@2:6',
    ]);
  });

  it('accepts True, False and None as names', () => {
    expect(
      tokenize('x = [True, False, None]')
        .filter((t) => t.kind === 'NAME')
        .map((t) => t.value),
    ).toEqual(['x', 'True', 'False', 'None']);
  });

  it('reads every operator, longest first', () => {
    expect(
      tokenize('a //= b // c % d - e * f <= g >= h < i > j {k: l}.m += -= *= %=')
        .map((t) => t.kind)
        .filter((k) => k !== 'NAME' && k !== 'EOF'),
    ).toEqual(['//=', '//', '%', '-', '*', '<=', '>=', '<', '>', '{', ':', '}', '.', '+=', '-=', '*=', '%=']);
  });

  it('reads int literals, `+` and `;`', () => {
    expect(tokenize('x = 0 + 42 + 0x1F + 0o17 + 0b10; y = "a"').map(short)).toEqual([
      'NAME:x@1:1',
      '=@1:3',
      'INT@1:5',
      '+@1:7',
      'INT@1:9',
      '+@1:12',
      'INT@1:14',
      '+@1:19',
      'INT@1:21',
      '+@1:26',
      'INT@1:28',
      ';@1:32',
      'NAME:y@1:34',
      '=@1:36',
      'STRING:a@1:38',
      'EOF@1:41',
    ]);
    expect(tokenize('x = 0x1F').find((t) => t.kind === 'INT')!.value).toBe('0x1F');
    expect(kinds('f(1 +\n 2)')).toEqual(['NAME', '(', 'INT', '+', 'INT', ')', 'EOF']);
  });

  it('skips comments, blank lines and spaces; one NEWLINE per logical line', () => {
    expect(kinds('# header\n\n  # indented comment\nf()  # trailing\n\n\ng()\n')).toEqual([
      'NAME',
      '(',
      ')',
      'NEWLINE',
      'NAME',
      '(',
      ')',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('does not emit NEWLINE inside brackets or parentheses', () => {
    expect(kinds('f(\n  a = [\n    "x",  # c\n\n  ],\n)\n')).toEqual([
      'NAME',
      '(',
      'NAME',
      '=',
      '[',
      'STRING',
      ',',
      ']',
      ',',
      ')',
      'NEWLINE',
      'EOF',
    ]);
  });

  it('joins lines at backslash-newline', () => {
    const tokens = tokenize('x = \\\n  "a"\ny = "b"');
    expect(tokens.map(short)).toEqual([
      'NAME:x@1:1',
      '=@1:3',
      'STRING:a@2:3',
      'NEWLINE@2:6',
      'NAME:y@3:1',
      '=@3:3',
      'STRING:b@3:5',
      'EOF@3:8',
    ]);
  });

  it('treats CRLF like LF', () => {
    expect(tokenize('f()\r\ng()').map(short)).toEqual([
      'NAME:f@1:1',
      '(@1:2',
      ')@1:3',
      'NEWLINE@1:4',
      'NAME:g@2:1',
      '(@2:2',
      ')@2:3',
      'EOF@2:4',
    ]);
  });
});

describe('lexer: strings', () => {
  it('reads single- and double-quoted strings', () => {
    expect(strings(`x = ["a", 'b', "it's", 'say "hi"', ""]`)).toEqual(['a', 'b', "it's", 'say "hi"', '']);
  });

  it('decodes escapes', () => {
    expect(strings(String.raw`x = "a\nb\tc\\d\'e\"f\rg\0h\x41\u00e9\U0001F600"`)).toEqual([
      'a\nb\tc\\d\'e"f\rg\0hA\u00e9\u{1F600}',
    ]);
  });

  it('keeps backslashes in raw strings', () => {
    expect(strings(String.raw`x = [r"a\nb", R'c\d', r"q\"q"]`)).toEqual(['a\\nb', 'c\\d', 'q\\"q']);
  });

  it('reads triple-quoted strings across lines, with quotes inside', () => {
    const tokens = tokenize("x = \"\"\"one\n\"two\" ''three\n\"\"\"\ny = '''a'b'''");
    expect(tokens.filter((t) => t.kind === 'STRING').map((t) => t.value)).toEqual(['one\n"two" \'\'three\n', "a'b"]);
    expect(tokens.map(short).slice(3, 5)).toEqual(['NEWLINE@3:4', 'NAME:y@4:1']);
  });

  it('drops an escaped newline inside a string', () => {
    expect(strings('x = "ab\\\ncd"')).toEqual(['abcd']);
  });

  it('counts positions after a multi-line string', () => {
    const tokens = tokenize('x = """a\nbc""" ,');
    expect(tokens.map(short)).toContain(',@2:7');
  });
});

describe('lexer: errors carry file, line and column', () => {
  it.each([
    ['x = "abc', 1, 5, 'unterminated string'],
    ['x = "abc\n"', 1, 5, 'unterminated string'],
    ["f()\ny = 'abc", 2, 5, 'unterminated string'],
    ['x = """abc\n\n', 1, 5, 'unterminated string'],
    ['x = r"abc\\', 1, 5, 'unterminated string'],
    ['x = 1.5', 1, 5, 'floats are not supported in .rules files'],
    ['x = .5', 1, 5, 'floats are not supported in .rules files'],
    ['x = 1e3', 1, 5, 'floats are not supported in .rules files'],
    ['x = 01', 1, 5, 'invalid int literal 01'],
    ['x = 12ab', 1, 5, 'invalid int literal 12ab'],
    ['x = 0x', 1, 5, 'invalid int literal 0x'],
    ['f()\nx = $', 2, 5, "unexpected character '$'"],
    ['x = \\ "a"', 1, 5, "unexpected character '\\' (only a line break may follow it)"],
    ['x = "\\q"', 1, 6, 'invalid escape sequence \\q'],
    ['x = "\\x4"', 1, 6, 'invalid escape sequence \\x: expected 2 hexadecimal digits'],
    ['x = "\\uD800"', 1, 6, 'invalid escape sequence \\uD800: not a Unicode code point'],
    ['if x:\n    a\n  b', 3, 3, 'unindent does not match any outer indentation level'],
    ['if x:\n  if y:\n      a\n    b', 4, 5, 'unindent does not match any outer indentation level'],
    ['if x:\n\ta\n        b', 3, 9, 'inconsistent use of tabs and spaces in indentation'],
    ['if x:\n    a\n\tb', 3, 2, 'inconsistent use of tabs and spaces in indentation'],
    ['x = a & b', 1, 7, "unexpected character '&'"],
    ['x = a ! b', 1, 7, "unexpected character '!'"],
    ['x = \u0001', 1, 5, "unexpected character '\\u0001'"],
  ] as const)('%j → %i:%i %s', (text, line, column, reason) => {
    const error = lexError(text);
    expect(error).toMatchObject({ file: 'f.rules', line, column, reason });
    expect(error.message).toBe(`f.rules:${line}:${column}: ${reason}`);
  });

  it('allows indentation inside brackets and after a backslash', () => {
    expect(() => tokenize('f(\n    a,\n)\nx = \\\n    "y"')).not.toThrow();
  });

  it(`rejects more than ${MAX_INDENTATION_LEVELS} levels of indentation at the line that goes deeper`, () => {
    const lines = Array.from({ length: MAX_INDENTATION_LEVELS + 1 }, (_, i) => `${' '.repeat(i)}if x:`);
    expect(() => tokenize([...lines.slice(0, -1), ' '.repeat(MAX_INDENTATION_LEVELS)].join('\n') + 'y')).not.toThrow();
    const error = lexError([...lines, ' '.repeat(MAX_INDENTATION_LEVELS + 1) + 'y'].join('\n'));
    expect(error).toMatchObject({
      line: MAX_INDENTATION_LEVELS + 2,
      column: MAX_INDENTATION_LEVELS + 2,
      reason: 'too many levels of indentation (more than 64)',
    });
  });
});

describe('lexer: blocks', () => {
  it('emits INDENT and DEDENT at the first token of the line whose indentation changed', () => {
    expect(tokenize('def f(a):\n    if a == 1:\n        pass\n    return a\nf(1)\n').map(short)).toEqual([
      'NAME:def@1:1',
      'NAME:f@1:5',
      '(@1:6',
      'NAME:a@1:7',
      ')@1:8',
      ':@1:9',
      'NEWLINE@1:10',
      'INDENT@2:5',
      'NAME:if@2:5',
      'NAME:a@2:8',
      '==@2:10',
      'INT@2:13',
      ':@2:14',
      'NEWLINE@2:15',
      'INDENT@3:9',
      'NAME:pass@3:9',
      'NEWLINE@3:13',
      'DEDENT@4:5',
      'NAME:return@4:5',
      'NAME:a@4:12',
      'NEWLINE@4:13',
      'DEDENT@5:1',
      'NAME:f@5:1',
      '(@5:2',
      'INT@5:3',
      ')@5:4',
      'NEWLINE@5:5',
      'EOF@6:1',
    ]);
  });

  it('closes every open block at the end of the file, with or without a final line break', () => {
    expect(kinds('if x:\n  if y:\n    z')).toEqual([
      'NAME',
      'NAME',
      ':',
      'NEWLINE',
      'INDENT',
      'NAME',
      'NAME',
      ':',
      'NEWLINE',
      'INDENT',
      'NAME',
      'DEDENT',
      'DEDENT',
      'EOF',
    ]);
    expect(kinds('if x:\n  z\n')).toEqual([
      'NAME',
      'NAME',
      ':',
      'NEWLINE',
      'INDENT',
      'NAME',
      'NEWLINE',
      'DEDENT',
      'EOF',
    ]);
  });

  it('takes tabs as indentation when used consistently, and ignores blank and comment lines', () => {
    expect(tokenize('if x:\n\ty\n\n  # c\n\tz\nw').map(short)).toEqual([
      'NAME:if@1:1',
      'NAME:x@1:4',
      ':@1:5',
      'NEWLINE@1:6',
      'INDENT@2:2',
      'NAME:y@2:2',
      'NEWLINE@2:3',
      'NAME:z@5:2',
      'NEWLINE@5:3',
      'DEDENT@6:1',
      'NAME:w@6:1',
      'EOF@6:2',
    ]);
  });

  it('does not read indentation inside brackets', () => {
    expect(tokenize('if x:\n    f(\n  1,\n)\n    g()').map(short)).toEqual([
      'NAME:if@1:1',
      'NAME:x@1:4',
      ':@1:5',
      'NEWLINE@1:6',
      'INDENT@2:5',
      'NAME:f@2:5',
      '(@2:6',
      'INT@3:3',
      ',@3:4',
      ')@4:1',
      'NEWLINE@4:2',
      'NAME:g@5:5',
      '(@5:6',
      ')@5:7',
      'DEDENT@5:8',
      'EOF@5:8',
    ]);
  });

  it('emits an INDENT for an indented first line, which the parser rejects', () => {
    expect(tokenize('  x = 1').map(short).slice(0, 2)).toEqual(['INDENT@1:3', 'NAME:x@1:3']);
  });

  it('reads `:`, `==` and `!=`', () => {
    expect(tokenize('x = a != b == c:').map(short)).toEqual([
      'NAME:x@1:1',
      '=@1:3',
      'NAME:a@1:5',
      '!=@1:7',
      'NAME:b@1:10',
      '==@1:12',
      'NAME:c@1:15',
      ':@1:16',
      'EOF@1:17',
    ]);
  });
});
