import { describe, expect, it } from 'vitest';
import { RulesFileError, tokenize, type Token } from './lexer.js';

const kinds = (text: string) => tokenize(text, 'f.rules').map((t) => t.kind);
const strings = (text: string) => tokenize(text, 'f.rules').filter((t) => t.kind === 'STRING').map((t) => t.value);
const short = (t: Token) => `${t.kind}${t.kind === 'NAME' || t.kind === 'STRING' ? `:${t.value}` : ''}@${t.line}:${t.column}`;

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
    expect(tokenize('x = [True, False, None]').filter((t) => t.kind === 'NAME').map((t) => t.value)).toEqual([
      'x',
      'True',
      'False',
      'None',
    ]);
  });

  it('reads int literals, `+` and `;`', () => {
    expect(tokenize('x = 0 + 42 + 0x1F + 0o17 + 0b10; y = "a"').map(short)).toEqual([
      'NAME:x@1:1', '=@1:3', 'INT@1:5', '+@1:7', 'INT@1:9', '+@1:12', 'INT@1:14', '+@1:19', 'INT@1:21', '+@1:26', 'INT@1:28',
      ';@1:32', 'NAME:y@1:34', '=@1:36', 'STRING:a@1:38', 'EOF@1:41',
    ]);
    expect(tokenize('x = 0x1F').find((t) => t.kind === 'INT')!.value).toBe('0x1F');
    expect(kinds('f(1 +\n 2)')).toEqual(['NAME', '(', 'INT', '+', 'INT', ')', 'EOF']);
  });

  it('skips comments, blank lines and spaces; one NEWLINE per logical line', () => {
    expect(kinds('# header\n\n  # indented comment\nf()  # trailing\n\n\ng()\n')).toEqual([
      'NAME', '(', ')', 'NEWLINE', 'NAME', '(', ')', 'NEWLINE', 'EOF',
    ]);
  });

  it('does not emit NEWLINE inside brackets or parentheses', () => {
    expect(kinds('f(\n  a = [\n    "x",  # c\n\n  ],\n)\n')).toEqual([
      'NAME', '(', 'NAME', '=', '[', 'STRING', ',', ']', ',', ')', 'NEWLINE', 'EOF',
    ]);
  });

  it('joins lines at backslash-newline', () => {
    const tokens = tokenize('x = \\\n  "a"\ny = "b"');
    expect(tokens.map(short)).toEqual(['NAME:x@1:1', '=@1:3', 'STRING:a@2:3', 'NEWLINE@2:6', 'NAME:y@3:1', '=@3:3', 'STRING:b@3:5', 'EOF@3:8']);
  });

  it('treats CRLF like LF', () => {
    expect(tokenize('f()\r\ng()').map(short)).toEqual(['NAME:f@1:1', '(@1:2', ')@1:3', 'NEWLINE@1:4', 'NAME:g@2:1', '(@2:2', ')@2:3', 'EOF@2:4']);
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
    const tokens = tokenize('x = """one\n"two" \'\'three\n"""\ny = \'\'\'a\'b\'\'\'');
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
    ['x = 1.5', 1, 6, "unexpected character '.'"],
    ['x = 01', 1, 5, 'invalid int literal 01'],
    ['x = 12ab', 1, 5, 'invalid int literal 12ab'],
    ['x = 0x', 1, 5, 'invalid int literal 0x'],
    ['f()\nx = $', 2, 5, "unexpected character '$'"],
    ['x = "a" - "b"', 1, 9, "unexpected character '-'"],
    ['x = \\ "a"', 1, 5, "unexpected character '\\' (only a line break may follow it)"],
    ['x = "\\q"', 1, 6, 'invalid escape sequence \\q'],
    ['x = "\\x4"', 1, 6, 'invalid escape sequence \\x: expected 2 hexadecimal digits'],
    ['x = "\\uD800"', 1, 6, 'invalid escape sequence \\uD800: not a Unicode code point'],
    ['x = "a"\n  y = "b"', 2, 3, 'unexpected indentation'],
    ['x = \u0001', 1, 5, "unexpected character '\\u0001'"],
  ] as const)('%j → %i:%i %s', (text, line, column, reason) => {
    const error = lexError(text);
    expect(error).toMatchObject({ file: 'f.rules', line, column, reason });
    expect(error.message).toBe(`f.rules:${line}:${column}: ${reason}`);
  });

  it('allows indentation inside brackets and after a backslash', () => {
    expect(() => tokenize('f(\n    a,\n)\nx = \\\n    "y"')).not.toThrow();
  });
});
