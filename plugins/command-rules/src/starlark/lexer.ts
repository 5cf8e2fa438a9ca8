import { RulesFileError } from './errors.js';

export { RulesFileError } from './errors.js';

export type TokenKind =
  | 'NAME'
  | 'STRING'
  | 'FSTRING'
  | 'INT'
  | '['
  | ']'
  | '('
  | ')'
  | ','
  | '='
  | '+'
  | '-'
  | '*'
  | '/'
  | '//'
  | '%'
  | '{'
  | '}'
  | '.'
  | ';'
  | ':'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '+='
  | '-='
  | '*='
  | '//='
  | '%='
  | 'NEWLINE'
  | 'INDENT'
  | 'DEDENT'
  | 'EOF';

/** Starlark's keywords, as far as `.rules` files are concerned: never variable names. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'break',
  'continue',
  'def',
  'elif',
  'else',
  'for',
  'if',
  'in',
  'lambda',
  'load',
  'not',
  'or',
  'pass',
  'return',
  'while',
]);

/** How many blocks may nest; a deeper indentation is rejected. */
export const MAX_INDENTATION_LEVELS = 64;

/**
 * One token: a NAME's or INT's spelling, a (F)STRING's decoded value, or the punctuation itself; 1-based position
 * of its first character. INDENT and DEDENT stand at the first token of the line whose indentation changed.
 */
export interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};
const HEX_ESCAPE_DIGITS: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };
/** One-character operators and punctuation; the longer ones start with `/`, `=`, `!`, `<`, `>`, `+`, `-`, `*` or `%`. */
const SINGLE = new Set(['[', ']', '(', ')', '{', '}', ',', '=', '+', '-', '*', '/', '%', '<', '>', '.', ';', ':']);
/** Characters that, followed by `=`, make a two-character operator (`==`, `!=`, `<=`, `>=`, `+=`, `-=`, `*=`, `%=`). */
const BEFORE_EQUALS = new Set(['=', '!', '<', '>', '+', '-', '*', '%']);
const OPENING = new Set(['[', '(', '{']);
const CLOSING = new Set([']', ')', '}']);

/** The operator at `pos` in `text` (longest match), or undefined. */
function operatorAt(text: string, pos: number): string | undefined {
  const c = text[pos]!;
  const next = text[pos + 1];
  if (c === '/' && next === '/') return text[pos + 2] === '=' ? '//=' : '//';
  if (next === '=' && BEFORE_EQUALS.has(c)) return `${c}=`;
  return SINGLE.has(c) ? c : undefined;
}
/** Starlark int literals: decimal without leading zeros, or 0x / 0o / 0b. */
const INT_LITERAL = /^(?:0|[1-9][0-9]*|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)$/;
const isNameStart = (c: string): boolean => /[A-Za-z_]/.test(c);
const isNamePart = (c: string): boolean => /[A-Za-z0-9_]/.test(c);

/** How a character is shown in an error: itself when printable, else its code point. */
function show(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `\\u${code.toString(16).padStart(4, '0')}` : c;
}

/**
 * Splits the `.rules` subset of Starlark into tokens, one at a time. Spaces, tabs and `#` comments are skipped;
 * a line break is a NEWLINE token only outside brackets and after a non-blank line; backslash-newline joins
 * lines. A logical line indented deeper than the one before opens a block (INDENT); one indented less closes
 * blocks (a DEDENT each) back to an earlier line's indentation, which it must repeat exactly, tabs and spaces alike.
 */
export class Lexer {
  #pos = 0;
  #line = 1;
  #lineStart = 0;
  #depth = 0;
  #atLineStart = true;
  /** The whitespace read so far at the start of the current logical line. */
  #indent = '';
  /** The indentation of each open block, outermost first. */
  readonly #indents: string[] = [''];
  readonly #pending: Token[] = [];

  /** `origin` places text found inside another token (an f-string field) there, read as inside brackets. */
  constructor(
    readonly text: string,
    readonly file: string,
    origin?: { readonly line: number; readonly column: number },
  ) {
    if (origin !== undefined) {
      this.#line = origin.line;
      this.#lineStart = 1 - origin.column;
      this.#depth = 1;
      this.#atLineStart = false;
    } else if (text.startsWith('\uFEFF')) this.#pos = this.#lineStart = 1;
  }

  #column(pos = this.#pos): number {
    return pos - this.#lineStart + 1;
  }

  #fail(reason: string, line = this.#line, column = this.#column()): never {
    throw new RulesFileError(this.file, line, column, reason);
  }

  /** Consumes a line break at the current position (`\n`, `\r\n` or `\r`), if there is one. */
  #newline(): boolean {
    const c = this.text[this.#pos];
    if (c !== '\n' && c !== '\r') return false;
    this.#pos += c === '\r' && this.text[this.#pos + 1] === '\n' ? 2 : 1;
    this.#line++;
    this.#lineStart = this.#pos;
    return true;
  }

  /** INDENT or DEDENTs for a logical line starting at `line`:`column`, queued in #pending; none when the indentation is unchanged. */
  #indentation(line: number, column: number): void {
    const indent = this.#indent;
    const top = this.#indents[this.#indents.length - 1]!;
    if (indent === top) return;
    if (indent.startsWith(top)) {
      if (this.#indents.length > MAX_INDENTATION_LEVELS)
        this.#fail(`too many levels of indentation (more than ${MAX_INDENTATION_LEVELS})`, line, column);
      this.#indents.push(indent);
      this.#pending.push({ kind: 'INDENT', value: '', line, column });
      return;
    }
    if (!this.#indents.includes(indent)) {
      const reason = top.startsWith(indent)
        ? 'unindent does not match any outer indentation level'
        : 'inconsistent use of tabs and spaces in indentation';
      this.#fail(reason, line, column);
    }
    while (this.#indents[this.#indents.length - 1] !== indent) {
      this.#indents.pop();
      this.#pending.push({ kind: 'DEDENT', value: '', line, column });
    }
  }

  next(): Token {
    const text = this.text;
    const pending = this.#pending.shift();
    if (pending !== undefined) return pending;
    for (;;) {
      const c = text[this.#pos];
      if (c === undefined) {
        const at = { value: '', line: this.#line, column: this.#column() };
        for (; this.#indents.length > 1; this.#indents.pop()) this.#pending.push({ kind: 'DEDENT', ...at });
        return this.#pending.shift() ?? { kind: 'EOF', ...at };
      }
      if (c === ' ' || c === '\t' || c === '\f') {
        this.#pos++;
        if (this.#atLineStart && this.#depth === 0 && c !== '\f') this.#indent += c;
        continue;
      }
      if (c === '#') {
        while (this.#pos < text.length && text[this.#pos] !== '\n' && text[this.#pos] !== '\r') this.#pos++;
        continue;
      }
      if (c === '\\') {
        const at = this.#column();
        this.#pos++;
        if (!this.#newline()) this.#fail("unexpected character '\\' (only a line break may follow it)", this.#line, at);
        continue;
      }
      const line = this.#line;
      const column = this.#column();
      if (c === '\n' || c === '\r') {
        this.#newline();
        this.#indent = '';
        if (this.#depth > 0 || this.#atLineStart) continue;
        this.#atLineStart = true;
        return { kind: 'NEWLINE', value: '\n', line, column };
      }
      if (this.#atLineStart) {
        this.#atLineStart = false;
        this.#indentation(line, column);
        const change = this.#pending.shift();
        if (change !== undefined) return change;
      }
      if (c === '.' && /[0-9]/.test(text[this.#pos + 1] ?? '')) this.#fail('floats are not supported in .rules files');
      const op = operatorAt(text, this.#pos);
      if (op !== undefined) {
        this.#pos += op.length;
        if (OPENING.has(op)) this.#depth++;
        else if (CLOSING.has(op) && this.#depth > 0) this.#depth--;
        return { kind: op as TokenKind, value: op, line, column };
      }
      if (c === '"' || c === "'") return this.#string(false, line, column);
      if (isNameStart(c)) {
        const next = text[this.#pos + 1];
        if ((c === 'r' || c === 'R') && (next === '"' || next === "'")) {
          this.#pos++;
          return this.#string(true, line, column);
        }
        if ((c === 'f' || c === 'F') && (next === '"' || next === "'")) {
          this.#pos++;
          return { ...this.#string(false, line, column), kind: 'FSTRING' };
        }
        const start = this.#pos;
        while (this.#pos < text.length && isNamePart(text[this.#pos]!)) this.#pos++;
        return { kind: 'NAME', value: text.slice(start, this.#pos), line, column };
      }
      if (c >= '0' && c <= '9') {
        const start = this.#pos;
        while (this.#pos < text.length && isNamePart(text[this.#pos]!)) this.#pos++;
        const spelling = text.slice(start, this.#pos);
        if (text[this.#pos] === '.' || /^[0-9]+[eE]/.test(spelling))
          this.#fail('floats are not supported in .rules files', line, column);
        if (!INT_LITERAL.test(spelling))
          this.#fail(
            `invalid int literal ${spelling.length > 40 ? `${spelling.slice(0, 40)}…` : spelling}`,
            line,
            column,
          );
        return { kind: 'INT', value: spelling, line, column };
      }
      const char = String.fromCodePoint(text.codePointAt(this.#pos) ?? 0);
      this.#fail(`unexpected character '${show(char)}'`);
    }
  }

  /** A string literal starting at the current quote; `line`/`column` are where the literal (or its `r`) starts. */
  #string(raw: boolean, line: number, column: number): Token {
    const text = this.text;
    const quote = text[this.#pos]!;
    const triple = text.startsWith(quote.repeat(3), this.#pos);
    const close = triple ? quote.repeat(3) : quote;
    this.#pos += close.length;
    let value = '';
    for (;;) {
      const c = text[this.#pos];
      if (c === undefined) this.#fail('unterminated string', line, column);
      if (c === quote && text.startsWith(close, this.#pos)) {
        this.#pos += close.length;
        return { kind: 'STRING', value, line, column };
      }
      if (c === '\n' || c === '\r') {
        if (!triple) this.#fail('unterminated string', line, column);
        this.#newline();
        value += '\n';
        continue;
      }
      if (c !== '\\') {
        // Copy a run of ordinary characters at once.
        let end = this.#pos + 1;
        while (end < text.length && !'\\\n\r'.includes(text[end]!) && text[end] !== quote) end++;
        value += text.slice(this.#pos, end);
        this.#pos = end;
        continue;
      }
      value += this.#escape(raw, line, column);
    }
  }

  /** The text an escape sequence at the current backslash stands for. */
  #escape(raw: boolean, line: number, column: number): string {
    const text = this.text;
    const at = this.#column();
    const e = text[this.#pos + 1];
    if (e === undefined) this.#fail('unterminated string', line, column);
    this.#pos++;
    if (e === '\n' || e === '\r') {
      this.#newline();
      return raw ? '\\\n' : '';
    }
    this.#pos++;
    if (raw) return `\\${e}`;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) return simple;
    if (e >= '0' && e <= '7') {
      let digits = e;
      while (digits.length < 3 && /[0-7]/.test(text[this.#pos] ?? '')) digits += text[this.#pos++];
      const code = parseInt(digits, 8);
      if (code > 0xff) this.#fail(`invalid escape sequence \\${digits}: octal value out of range`, this.#line, at);
      return String.fromCharCode(code);
    }
    const width = HEX_ESCAPE_DIGITS[e];
    if (width !== undefined) {
      const digits = text.slice(this.#pos, this.#pos + width);
      if (digits.length !== width || !/^[0-9A-Fa-f]+$/.test(digits)) {
        this.#fail(`invalid escape sequence \\${e}: expected ${width} hexadecimal digits`, this.#line, at);
      }
      this.#pos += width;
      const code = parseInt(digits, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        this.#fail(`invalid escape sequence \\${e}${digits}: not a Unicode code point`, this.#line, at);
      }
      return String.fromCodePoint(code);
    }
    return this.#fail(`invalid escape sequence \\${show(e)}`, this.#line, at);
  }
}

/** Every token of `text`, ending with EOF. */
export function tokenize(text: string, file = '<rules>'): Token[] {
  const lexer = new Lexer(text, file);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'EOF') return tokens;
  }
}
