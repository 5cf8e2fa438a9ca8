import { DECISIONS, type Decision, type PatternToken, type PrefixRule } from '../rules/model.js';

/** More work than this and the file goes to the interpreter, which counts its evaluation steps. */
const MAX_UNITS = 1_000_000;

/** The argument names a literal call may use (each once, by keyword), each with its own bit. */
type Argument = 'pattern' | 'decision' | 'justification';
const ARGUMENTS: Readonly<Partial<Record<string, number>>> = { pattern: 1, decision: 2, justification: 4 };

/** Not a file of literal rules: the interpreter reads it (and reports any problem). */
class NotLiteral extends Error {}
/** Thrown as one instance: it never leaves this module, so it needs no stack of its own. */
const NOT_LITERAL = new NotLiteral('not a file of literal rules');

/**
 * The rules of a `.rules` file made only of literal `prefix_rule(pattern = [...], decision = "...",
 * justification = "...")` calls (keyword arguments; plain strings without escapes; lists of them), blank lines and
 * comments, read in one pass without the interpreter; undefined for any other file, which the interpreter then reads.
 * What it returns is exactly what the interpreter makes of such a file (a differential property test holds it to
 * that); anything the interpreter would refuse, such as an unknown decision or an empty pattern, is left to it.
 */
export function literalRules(file: string, text: string): PrefixRule[] | undefined {
  if (text.charCodeAt(0) === 0xfeff || text.includes('\r')) return undefined;
  try {
    return new Scanner(file, text).rules();
  } catch (error) {
    if (error instanceof NotLiteral) return undefined;
    throw error;
  }
}

class Scanner {
  #pos = 0;
  #line = 1;
  #lineStart = 0;
  #units = 0;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {}

  rules(): PrefixRule[] {
    const rules: PrefixRule[] = [];
    const { text } = this;
    while (this.#pos < text.length) {
      const c = text.charCodeAt(this.#pos);
      if (c === 10) this.#newline();
      else if (c === 35) this.#comment();
      else if (c === 32) {
        // Only a blank or comment line may start with spaces: an indented statement is the interpreter's error.
        while (text.charCodeAt(this.#pos) === 32) this.#pos++;
        const next = text.charCodeAt(this.#pos);
        if (next !== 10 && next !== 35 && this.#pos < text.length) throw NOT_LITERAL;
      } else {
        this.#call(rules);
        while (text.charCodeAt(this.#pos) === 32) this.#pos++;
        if (text.charCodeAt(this.#pos) === 35) this.#comment();
        if (this.#pos < text.length && text.charCodeAt(this.#pos) !== 10) throw NOT_LITERAL;
      }
    }
    return rules;
  }

  #newline(): void {
    this.#pos++;
    this.#line++;
    this.#lineStart = this.#pos;
  }

  #comment(): void {
    const end = this.text.indexOf('\n', this.#pos);
    this.#pos = end === -1 ? this.text.length : end;
  }

  /** Spaces, newlines and comments inside brackets. */
  #skip(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.#pos);
      if (c === 32) this.#pos++;
      else if (c === 10) this.#newline();
      else if (c === 35) this.#comment();
      else return;
    }
  }

  #expect(char: string): void {
    if (this.text[this.#pos] !== char) throw NOT_LITERAL;
    this.#pos++;
  }

  #word(): string {
    const start = this.#pos;
    for (;;) {
      const c = this.text.charCodeAt(this.#pos);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95) this.#pos++;
      else break;
    }
    return this.text.slice(start, this.#pos);
  }

  /** A string literal without escapes, line breaks or triple quotes. */
  #string(): string {
    const quote = this.text[this.#pos];
    if (quote !== '"' && quote !== "'") throw NOT_LITERAL;
    const end = this.text.indexOf(quote, this.#pos + 1);
    if (end === -1 || end === this.#pos + 1) throw NOT_LITERAL; // unterminated, or "" (maybe a triple quote)
    const value = this.text.slice(this.#pos + 1, end);
    if (value.includes('\\') || value.includes('\n')) throw NOT_LITERAL;
    this.#pos = end + 1;
    this.#units++;
    return value;
  }

  /** `[item, ...]` with an optional trailing comma. */
  #list<T>(item: () => T): T[] {
    this.#expect('[');
    const items: T[] = [];
    for (;;) {
      this.#skip();
      if (this.text[this.#pos] === ']') break;
      items.push(item());
      this.#skip();
      if (this.text[this.#pos] !== ',') break;
      this.#pos++;
    }
    this.#expect(']');
    return items;
  }

  #call(rules: PrefixRule[]): void {
    const line = this.#line;
    const column = this.#pos - this.#lineStart + 1;
    if (this.#word() !== 'prefix_rule') throw NOT_LITERAL;
    this.#expect('(');
    let pattern: (string | string[])[] | undefined;
    let decision: string | undefined;
    let justification: string | undefined;
    let seen = 0;
    for (;;) {
      this.#skip();
      if (this.text[this.#pos] === ')') break;
      const name = this.#word();
      const bit = Object.hasOwn(ARGUMENTS, name) ? ARGUMENTS[name as Argument] : undefined;
      if (bit === undefined || (seen & bit) !== 0) throw NOT_LITERAL;
      seen |= bit;
      this.#skip();
      this.#expect('=');
      this.#skip();
      if (name === 'pattern')
        pattern = this.#list(() => (this.text[this.#pos] === '[' ? this.#list(() => this.#string()) : this.#string()));
      else if (name === 'decision') decision = this.#string();
      else justification = this.#string();
      this.#skip();
      if (this.text[this.#pos] !== ',') break;
      this.#pos++;
    }
    this.#expect(')');
    this.#units += 9;
    if (this.#units > MAX_UNITS) throw NOT_LITERAL;
    // What the interpreter would refuse is its to report.
    if (pattern === undefined || pattern.length === 0) throw NOT_LITERAL;
    for (const t of pattern) if (typeof t !== 'string' && t.length === 0) throw NOT_LITERAL;
    if (decision !== undefined && !(DECISIONS as readonly string[]).includes(decision)) throw NOT_LITERAL;
    if (justification !== undefined && justification.trim() === '') throw NOT_LITERAL;
    const tokens: PatternToken[] = pattern.map((t) => (typeof t === 'string' ? t : t.length === 1 ? t[0]! : t));
    const [first, ...rest] = tokens as [PatternToken, ...PatternToken[]];
    const origin = { kind: 'user', file: this.file, at: `${line}:${column}` } as const;
    const programs = typeof first === 'string' ? [first] : first.length === 1 ? first : [...new Set(first)];
    for (const program of programs)
      rules.push(
        justification === undefined
          ? { program, rest, decision: (decision ?? 'allow') as Decision, origin }
          : { program, rest, decision: (decision ?? 'allow') as Decision, justification, origin },
      );
  }
}
