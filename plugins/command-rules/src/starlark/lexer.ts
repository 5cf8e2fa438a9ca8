import { RulesFileError } from './errors.js';

export { RulesFileError } from './errors.js';

export type TokenKind = 'NAME' | 'STRING' | 'FSTRING' | 'INT' | '[' | ']' | '(' | ')' | ',' | '=' | '+' | ';' | 'NEWLINE' | 'EOF';

/** One token: a NAME's or INT's spelling, a (F)STRING's decoded value, or the punctuation itself; 1-based position of its first character. */
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
const PUNCTUATION = new Set(['[', ']', '(', ')', ',', '=', '+', ';']);
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
 * lines. A logical line may not start indented (the subset has no blocks, as Starlark would say).
 */
export class Lexer {
  #pos = 0;
  #line = 1;
  #lineStart = 0;
  #depth = 0;
  #atLineStart = true;
  #indented = false;

  constructor(
    readonly text: string,
    readonly file: string,
  ) {
    if (text.startsWith('\uFEFF')) this.#pos = this.#lineStart = 1;
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

  next(): Token {
    const text = this.text;
    for (;;) {
      const c = text[this.#pos];
      if (c === undefined) return { kind: 'EOF', value: '', line: this.#line, column: this.#column() };
      if (c === ' ' || c === '\t' || c === '\f') {
        this.#pos++;
        if (this.#atLineStart && this.#depth === 0) this.#indented = true;
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
        if (this.#depth > 0 || this.#atLineStart) {
          this.#indented = false;
          continue;
        }
        this.#atLineStart = true;
        this.#indented = false;
        return { kind: 'NEWLINE', value: '\n', line, column };
      }
      if (this.#atLineStart && this.#depth === 0 && this.#indented) this.#fail('unexpected indentation');
      this.#atLineStart = false;
      if (PUNCTUATION.has(c)) {
        this.#pos++;
        if (c === '[' || c === '(') this.#depth++;
        else if ((c === ']' || c === ')') && this.#depth > 0) this.#depth--;
        return { kind: c as TokenKind, value: c, line, column };
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
        if (!INT_LITERAL.test(spelling)) this.#fail(`invalid int literal ${spelling.length > 40 ? `${spelling.slice(0, 40)}…` : spelling}`, line, column);
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
