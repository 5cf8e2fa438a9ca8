import type { Argument, At, Clause, ComprehensionExpr, Expr, ListExpr, NameExpr } from './ast.js';
import { RulesFileError } from './errors.js';
import { fstringParts } from './fstring.js';
import { KEYWORDS, Lexer, type Token, type TokenKind } from './lexer.js';

/** How deeply lists may nest; deeper input is rejected rather than recursed into. */
export const MAX_NESTING_DEPTH = 64;
/** How deeply any expressions (lists, calls, parentheses, `not`, conditionals) may nest. */
export const MAX_EXPRESSION_DEPTH = 100;

/** Keywords that open constructs `.rules` files cannot use. */
const UNSUPPORTED = new Set(['lambda', 'load', 'while']);
const SUPPORTED =
  'only assignments, def, return, for, if/elif/else, pass, break, continue, calls (of prefix_rule, host_executable, network_rule and functions defined with def), ' +
  'strings (f-strings too), ints, lists, list comprehensions, +, ==, !=, in, not in, and, or, not and `x if c else y` are supported';

/** How a token is named in an error message. */
export function describe(token: Token): string {
  switch (token.kind) {
    case 'NAME':
      return `${KEYWORDS.has(token.value) ? 'keyword' : 'name'} '${token.value}'`;
    case 'STRING':
    case 'FSTRING':
      return 'a string';
    case 'INT':
      return `int ${token.value}`;
    case 'NEWLINE':
      return 'end of line';
    case 'INDENT':
      return 'indentation';
    case 'DEDENT':
      return 'end of indented block';
    case 'EOF':
      return 'end of file';
    default:
      return `'${token.kind}'`;
  }
}

/** Whether `token` is the keyword (or name) `word`. */
export const isWord = (token: Token, word: string): boolean => token.kind === 'NAME' && token.value === word;

/** The expression half of a recursive-descent parser over a token stream, with two tokens of lookahead. */
export class ExpressionParser {
  readonly #lexer: Lexer;
  readonly #ahead: Token[] = [];
  #nesting = 0;

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.#lexer = new Lexer(text, file);
  }

  protected peek(k = 0): Token {
    while (this.#ahead.length <= k) this.#ahead.push(this.#lexer.next());
    return this.#ahead[k]!;
  }

  protected take(): Token {
    const token = this.peek();
    this.#ahead.shift();
    return token;
  }

  protected fail(at: At, reason: string): never {
    throw new RulesFileError(this.file, at.line, at.column, reason);
  }

  /** Fails at `load`, `lambda` or `while`: what they open is outside the subset. */
  protected rejectKeyword(token: Token): void {
    if (token.kind === 'NAME' && UNSUPPORTED.has(token.value))
      this.fail(token, `\`${token.value}\` is not supported in .rules files: ${SUPPORTED}`);
  }

  protected unexpected(token: Token, reason: string): never {
    this.rejectKeyword(token);
    return this.fail(token, reason);
  }

  protected expect(kind: TokenKind, what: string): Token {
    const token = this.peek();
    if (token.kind !== kind) this.unexpected(token, `expected ${what}, found ${describe(token)}`);
    return this.take();
  }

  protected expectWord(word: string): Token {
    const token = this.peek();
    if (!isWord(token, word)) this.unexpected(token, `expected '${word}', found ${describe(token)}`);
    return this.take();
  }

  /** Runs `parse` one nesting level deeper, failing at `at` past MAX_EXPRESSION_DEPTH. */
  #nested<T>(at: At, parse: () => T): T {
    if (++this.#nesting > MAX_EXPRESSION_DEPTH)
      this.fail(at, `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`);
    try {
      return parse();
    } finally {
      this.#nesting--;
    }
  }

  /** A full expression inside `depth` enclosing lists: `a if c else b`, or anything tighter. */
  protected test(depth: number): Expr {
    return this.#nested(this.peek(), () => {
      const then = this.#orTest(depth);
      if (!isWord(this.peek(), 'if')) return then;
      this.take();
      const test = this.#orTest(depth);
      this.expectWord('else');
      return { kind: 'conditional', test, then, otherwise: this.test(depth), line: then.line, column: then.column };
    });
  }

  #orTest(depth: number): Expr {
    return this.#logic('or', depth, () => this.#logic('and', depth, () => this.#notTest(depth)));
  }

  /** Operands joined by the keyword `op`, kept flat. */
  #logic(op: 'and' | 'or', depth: number, operand: () => Expr): Expr {
    const first = operand();
    if (!isWord(this.peek(), op)) return first;
    const operands = [first];
    while (isWord(this.peek(), op)) {
      this.take();
      operands.push(operand());
    }
    return { kind: op, operands, line: first.line, column: first.column };
  }

  #notTest(depth: number): Expr {
    const token = this.peek();
    if (!isWord(token, 'not')) return this.#comparison(depth);
    this.take();
    return this.#nested(token, () => ({
      kind: 'not',
      operand: this.#notTest(depth),
      line: token.line,
      column: token.column,
    }));
  }

  /** The comparison operator at the next token, if any: `==`, `!=`, `in`, `not in`. */
  #comparisonOperator(): '==' | '!=' | 'in' | 'not in' | undefined {
    const token = this.peek();
    if (token.kind === '==' || token.kind === '!=') return token.kind;
    if (isWord(token, 'in')) return 'in';
    if (isWord(token, 'not') && isWord(this.peek(1), 'in')) return 'not in';
    return undefined;
  }

  #comparison(depth: number): Expr {
    const left = this.sum(depth);
    const op = this.#comparisonOperator();
    if (op === undefined) return left;
    const at = this.take();
    if (op === 'not in') this.take();
    const right = this.sum(depth);
    if (this.#comparisonOperator() !== undefined) this.fail(this.peek(), 'comparisons cannot be chained; use `and`');
    return { kind: 'compare', op, left, right, line: at.line, column: at.column };
  }

  /** Operands joined by `+`, kept flat. */
  protected sum(depth: number): Expr {
    const first = this.#primary(depth);
    if (this.peek().kind !== '+') return first;
    const operands = [first];
    const plus: At[] = [];
    while (this.peek().kind === '+') {
      const sign = this.take();
      plus.push({ line: sign.line, column: sign.column });
      operands.push(this.#primary(depth));
    }
    return { kind: 'sum', operands, plus, line: first.line, column: first.column };
  }

  /** An operand, refusing what Starlark allows after one but `.rules` files do not: indexing, slicing, calling a value. */
  #primary(depth: number): Expr {
    const operand = this.#operand(depth);
    const next = this.peek();
    if (next.kind === '[') this.fail(next, 'indexing and slicing are not supported in .rules files');
    if (next.kind === '(') this.fail(next, 'only a function name can be called');
    return operand;
  }

  #operand(depth: number): Expr {
    const token = this.peek();
    const at = { line: token.line, column: token.column };
    switch (token.kind) {
      case 'STRING':
        this.take();
        return { kind: 'string', value: token.value, ...at };
      case 'FSTRING':
        this.take();
        return { kind: 'fstring', parts: fstringParts(token, (reason) => this.fail(token, reason)), ...at };
      case 'NAME':
        if (KEYWORDS.has(token.value))
          return this.unexpected(token, `expected an expression, found ${describe(token)}`);
        this.take();
        if (token.value === 'True' || token.value === 'False')
          return { kind: 'bool', value: token.value === 'True', ...at };
        if (token.value === 'None') return { kind: 'none', ...at };
        if (this.peek().kind === '(') return { kind: 'call', callee: token.value, args: this.#arguments(depth), ...at };
        return { kind: 'name', name: token.value, ...at };
      case 'INT':
        this.take();
        return { kind: 'int', value: BigInt(token.value), ...at };
      case '[':
        return this.#list(depth + 1);
      case '(': {
        this.take();
        if (this.peek().kind === ')') this.fail(this.peek(), 'tuples are not supported in .rules files');
        const inner = this.test(depth);
        if (this.peek().kind === ',') this.fail(this.peek(), 'tuples are not supported in .rules files');
        this.#closing(')', token);
        return inner;
      }
      default:
        return this.unexpected(token, `expected an expression, found ${describe(token)}`);
    }
  }

  /** A call's arguments, from its `(` to its `)`: positional ones first, then keywords, each keyword once. */
  #arguments(depth: number): Argument[] {
    const open = this.take();
    const args: Argument[] = [];
    const keywords = new Set<string>();
    while (this.peek().kind !== ')') {
      const token = this.peek();
      if (token.kind === 'EOF') this.fail(token, `'(' at ${open.line}:${open.column} was never closed`);
      if (token.kind === 'NAME' && this.peek(1).kind === '=') {
        if (keywords.has(token.value)) this.fail(token, `repeated keyword argument '${token.value}'`);
        keywords.add(token.value);
        this.take();
        this.take();
        args.push({ name: token.value, value: this.test(depth), line: token.line, column: token.column });
      } else {
        if (keywords.size > 0) this.fail(token, 'positional argument follows keyword argument');
        args.push({ value: this.test(depth), line: token.line, column: token.column });
      }
      if (!this.separator(')', open)) break;
    }
    this.expect(')', "',' or ')'");
    return args;
  }

  /** After an item inside brackets: consumes a `,` (true), or sees the closing bracket (false). */
  protected separator(close: ')' | ']', open: Token): boolean {
    const token = this.peek();
    if (token.kind === ',') {
      this.take();
      return true;
    }
    if (token.kind === close) return false;
    if (token.kind === 'EOF') this.fail(token, `'${open.kind}' at ${open.line}:${open.column} was never closed`);
    return this.unexpected(token, `expected ',' or '${close}', found ${describe(token)}`);
  }

  /** Consumes the bracket closing `open`. */
  #closing(close: ')' | ']', open: Token): void {
    const token = this.peek();
    if (token.kind === 'EOF') this.fail(token, `'${open.kind}' at ${open.line}:${open.column} was never closed`);
    this.expect(close, `'${close}'`);
  }

  #list(depth: number): ListExpr | ComprehensionExpr {
    const open = this.take();
    if (depth > MAX_NESTING_DEPTH) this.fail(open, `lists nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`);
    const items: Expr[] = [];
    while (this.peek().kind !== ']') {
      if (this.peek().kind === 'EOF') this.fail(this.peek(), `'[' at ${open.line}:${open.column} was never closed`);
      items.push(this.test(depth));
      if (items.length === 1 && isWord(this.peek(), 'for')) return this.#comprehension(items[0]!, open, depth);
      if (!this.separator(']', open)) break;
    }
    this.take();
    return { kind: 'list', items, line: open.line, column: open.column };
  }

  /** The loop variables of a `for`: one name, or names separated by commas. */
  protected targets(): NameExpr[] {
    const targets: NameExpr[] = [];
    do {
      const token = this.peek();
      if (token.kind !== 'NAME' || KEYWORDS.has(token.value) || ['True', 'False', 'None'].includes(token.value)) {
        this.unexpected(token, `expected a loop variable name, found ${describe(token)}`);
      }
      this.take();
      targets.push({ kind: 'name', name: token.value, line: token.line, column: token.column });
    } while (this.peek().kind === ',' && this.take());
    return targets;
  }

  /** `[body for … in … (for … in … | if …)*]`, after its body; iterables and conditions are `or` expressions, as in Python. */
  #comprehension(body: Expr, open: Token, depth: number): ComprehensionExpr {
    const clauses: Clause[] = [];
    const names = new Set<string>();
    for (let token = this.peek(); isWord(token, 'for') || isWord(token, 'if'); token = this.peek()) {
      this.take();
      if (clauses.length >= MAX_NESTING_DEPTH)
        this.fail(token, `too many clauses in a comprehension (more than ${MAX_NESTING_DEPTH})`);
      if (token.value === 'if') {
        clauses.push({
          kind: 'if',
          test: this.#nested(this.peek(), () => this.#orTest(depth)),
          line: token.line,
          column: token.column,
        });
        continue;
      }
      const targets = this.targets();
      for (const target of targets) names.add(target.name);
      this.expectWord('in');
      clauses.push({
        kind: 'for',
        targets,
        iterable: this.#nested(this.peek(), () => this.#orTest(depth)),
        line: token.line,
        column: token.column,
      });
    }
    this.#closing(']', open);
    return { kind: 'comprehension', body, clauses, names, line: open.line, column: open.column };
  }
}
