import type { Argument, At, Clause, DefStatement, Expr, Param, Target } from './ast.js';
import { targetNames } from './ast.js';
import { RulesFileError } from './errors.js';
import { fstringParts } from './fstring.js';
import { KEYWORDS, Lexer, type Token, type TokenKind } from './lexer.js';

/** How deeply lists, dicts and tuples may nest; deeper input is rejected rather than recursed into. */
export const MAX_NESTING_DEPTH = 64;
/** How deeply any expressions (lists, calls, parentheses, `not`, conditionals) may nest. */
export const MAX_EXPRESSION_DEPTH = 100;

/** Keywords that open constructs `.rules` files cannot use (Codex's Starlark refuses them too). */
const UNSUPPORTED = new Set(['load', 'while']);
const SUPPORTED =
  'Starlark as Codex runs it: assignments, def, lambda, return, for, if/elif/else, pass, break, continue; strings, ' +
  'f-strings, ints, lists, tuples, dicts, comprehensions, indexing and slicing, methods, and the operators ' +
  '+ - * // % == != < <= > >= in not in and or not';
const CONSTANTS = new Set(['True', 'False', 'None']);
const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const PRODUCTS = new Set(['*', '//', '%', '/']);

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

const at = (token: At): At => ({ line: token.line, column: token.column });

/** The expression half of a recursive-descent parser over a token stream, with two tokens of lookahead. */
export class ExpressionParser {
  readonly #lexer: Lexer;
  readonly #ahead: Token[] = [];
  #nesting = 0;

  constructor(
    text: string,
    readonly file: string,
    origin?: At,
  ) {
    this.#lexer = new Lexer(text, file, origin);
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

  protected fail(where: At, reason: string): never {
    throw new RulesFileError(this.file, where.line, where.column, reason);
  }

  /** Fails at `load` or `while`: what they open is outside the dialect. */
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

  /** Runs `parse` one nesting level deeper, failing at `where` past MAX_EXPRESSION_DEPTH. */
  #nested<T>(where: At, parse: () => T): T {
    if (++this.#nesting > MAX_EXPRESSION_DEPTH)
      this.fail(where, `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`);
    try {
      return parse();
    } finally {
      this.#nesting--;
    }
  }

  /** A full expression inside `depth` enclosing brackets: a lambda, `a if c else b`, or anything tighter. */
  protected test(depth: number): Expr {
    // The nesting count inline rather than through #nested: this runs for every operand of a file.
    if (++this.#nesting > MAX_EXPRESSION_DEPTH)
      this.fail(this.peek(), `expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`);
    try {
      if (isWord(this.peek(), 'lambda')) return this.#lambda(depth);
      const then = this.#orTest(depth);
      if (!isWord(this.peek(), 'if')) return then;
      this.take();
      const test = this.#orTest(depth);
      this.expectWord('else');
      return { kind: 'conditional', test, then, otherwise: this.test(depth), line: then.line, column: then.column };
    } finally {
      this.#nesting--;
    }
  }

  /** Expressions separated by commas, where a statement allows a tuple without parentheses (`x = a, b`). */
  protected testList(depth: number): Expr {
    const first = this.test(depth);
    if (this.peek().kind !== ',') return first;
    const items = [first];
    while (this.peek().kind === ',') {
      this.take();
      if (!this.#startsExpression(this.peek())) break;
      items.push(this.test(depth));
    }
    return { kind: 'tuple', items, line: first.line, column: first.column };
  }

  #startsExpression(token: Token): boolean {
    if (token.kind === 'NAME') return !KEYWORDS.has(token.value) || ['not', 'lambda'].includes(token.value);
    return ['STRING', 'FSTRING', 'INT', '[', '(', '{', '-', '+'].includes(token.kind);
  }

  #lambda(depth: number): Expr {
    const keyword = this.take();
    const params = this.parameters(':');
    this.expect(':', "':'");
    const value = this.test(depth);
    const locals = new Set(params.map((p) => p.name));
    const def: DefStatement = {
      kind: 'def',
      name: 'lambda',
      params,
      body: [{ kind: 'return', value, line: value.line, column: value.column }],
      locals,
      line: keyword.line,
      column: keyword.column,
    };
    return { kind: 'lambda', def, line: keyword.line, column: keyword.column };
  }

  /** A parameter list up to `close` (not consumed): names, some with `= default`, defaults last. */
  protected parameters(close: ')' | ':'): Param[] {
    const params: Param[] = [];
    while (this.peek().kind !== close) {
      const param = this.peek();
      if (param.kind === '*') this.fail(param, '`*args` and `**kwargs` parameters are not supported in .rules files');
      if (param.kind !== 'NAME' || KEYWORDS.has(param.value) || CONSTANTS.has(param.value))
        this.unexpected(param, `expected a parameter name, found ${describe(param)}`);
      this.take();
      if (params.some((p) => p.name === param.value)) this.fail(param, `duplicate parameter '${param.value}'`);
      const where = { name: param.value, line: param.line, column: param.column };
      if (this.peek().kind === '=') {
        this.take();
        params.push({ ...where, default: this.test(0) });
      } else {
        if (params.some((p) => p.default !== undefined))
          this.fail(param, `required parameter '${param.value}' follows an optional one`);
        params.push(where);
      }
      if (this.peek().kind !== ',') break;
      this.take();
    }
    return params;
  }

  #orTest(depth: number): Expr {
    const first = this.#andTest(depth);
    if (!isWord(this.peek(), 'or')) return first;
    const operands = [first];
    while (isWord(this.peek(), 'or')) {
      this.take();
      operands.push(this.#andTest(depth));
    }
    return { kind: 'or', operands, line: first.line, column: first.column };
  }

  #andTest(depth: number): Expr {
    const first = this.#notTest(depth);
    if (!isWord(this.peek(), 'and')) return first;
    const operands = [first];
    while (isWord(this.peek(), 'and')) {
      this.take();
      operands.push(this.#notTest(depth));
    }
    return { kind: 'and', operands, line: first.line, column: first.column };
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

  /** The comparison operator at the next token, if any. */
  #comparisonOperator(): '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | undefined {
    const token = this.peek();
    if (COMPARISONS.has(token.kind)) return token.kind as '==';
    if (isWord(token, 'in')) return 'in';
    if (isWord(token, 'not') && isWord(this.peek(1), 'in')) return 'not in';
    return undefined;
  }

  #comparison(depth: number): Expr {
    const left = this.sum(depth);
    const op = this.#comparisonOperator();
    if (op === undefined) return left;
    const sign = this.take();
    if (op === 'not in') this.take();
    const right = this.sum(depth);
    if (this.#comparisonOperator() !== undefined) this.fail(this.peek(), 'comparisons cannot be chained; use `and`');
    return { kind: 'compare', op, left, right, line: sign.line, column: sign.column };
  }

  /** Terms joined by `+` and `-`; a chain of `+` alone is kept flat, so long concatenations never nest. */
  protected sum(depth: number): Expr {
    let left = this.#term(depth);
    while (this.peek().kind === '+' || this.peek().kind === '-') {
      if (this.peek().kind === '-') {
        const sign = this.take();
        left = { kind: 'binary', op: '-', left, right: this.#term(depth), line: sign.line, column: sign.column };
        continue;
      }
      const operands = [left];
      const plus: At[] = [];
      while (this.peek().kind === '+') {
        plus.push(at(this.take()));
        operands.push(this.#term(depth));
      }
      left = { kind: 'sum', operands, plus, line: left.line, column: left.column };
    }
    return left;
  }

  #term(depth: number): Expr {
    let left = this.#factor(depth);
    for (let token = this.peek(); PRODUCTS.has(token.kind); token = this.peek()) {
      this.take();
      if (token.kind === '/') this.fail(token, '`/` makes floats, which .rules files do not have; use `//`');
      left = {
        kind: 'binary',
        op: token.kind as '*',
        left,
        right: this.#factor(depth),
        line: token.line,
        column: token.column,
      };
    }
    return left;
  }

  #factor(depth: number): Expr {
    const token = this.peek();
    if (token.kind !== '-' && token.kind !== '+') return this.#primary(depth);
    this.take();
    return this.#nested(token, () => ({
      kind: 'unary',
      op: token.kind as '-' | '+',
      operand: this.#factor(depth),
      line: token.line,
      column: token.column,
    }));
  }

  /** An operand and what follows it: `.method(…)`, `[index]`, `[start:stop:step]`, `(arguments)`. */
  #primary(depth: number): Expr {
    let expr = this.#operand(depth);
    for (;;) {
      const token = this.peek();
      if (token.kind === '.') {
        this.take();
        const name = this.peek();
        if (name.kind !== 'NAME') this.unexpected(name, `expected a method name after '.', found ${describe(name)}`);
        this.take();
        expr = { kind: 'attribute', object: expr, name: name.value, line: name.line, column: name.column };
        if (this.peek().kind !== '(') this.fail(name, `methods can only be called: write .${name.value}(…)`);
      } else if (token.kind === '(') {
        // Trailers loop rather than recurse; their arguments and indexes nest through test().
        expr = { kind: 'call', callee: expr, args: this.#arguments(depth), line: expr.line, column: expr.column };
      } else if (token.kind === '[') {
        expr = this.#subscript(expr, depth);
      } else return expr;
    }
  }

  /** `[index]` or `[start:stop:step]` after `object`. */
  #subscript(object: Expr, depth: number): Expr {
    const open = this.take();
    const part = (): Expr | undefined =>
      this.peek().kind === ':' || this.peek().kind === ']' ? undefined : this.test(depth);
    const start = part();
    if (this.peek().kind !== ':') {
      if (start === undefined) this.fail(this.peek(), 'expected an index');
      this.#closing(']', open);
      return { kind: 'index', object, index: start, line: open.line, column: open.column };
    }
    this.take();
    const stop = part();
    let step: Expr | undefined;
    if (this.peek().kind === ':') {
      this.take();
      step = part();
    }
    this.#closing(']', open);
    return {
      kind: 'slice',
      object,
      ...(start && { start }),
      ...(stop && { stop }),
      ...(step && { step }),
      line: open.line,
      column: open.column,
    };
  }

  #operand(depth: number): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'STRING':
        this.take();
        return { kind: 'string', value: token.value, line: token.line, column: token.column };
      case 'FSTRING':
        this.take();
        return {
          kind: 'fstring',
          parts: fstringParts(
            token,
            (text, origin) => this.#field(text, origin),
            (reason) => this.fail(token, reason),
          ),
          line: token.line,
          column: token.column,
        };
      case 'NAME':
        if (KEYWORDS.has(token.value))
          return this.unexpected(token, `expected an expression, found ${describe(token)}`);
        this.take();
        if (token.value === 'True' || token.value === 'False')
          return { kind: 'bool', value: token.value === 'True', line: token.line, column: token.column };
        if (token.value === 'None') return { kind: 'none', line: token.line, column: token.column };
        return { kind: 'name', name: token.value, line: token.line, column: token.column };
      case 'INT':
        this.take();
        return { kind: 'int', value: BigInt(token.value), line: token.line, column: token.column };
      case '[':
        return this.#list(depth + 1);
      case '{':
        return this.#dict(depth + 1);
      case '(':
        return this.#parenthesized(depth);
      default:
        return this.unexpected(token, `expected an expression, found ${describe(token)}`);
    }
  }

  /** An f-string field's expression, parsed on its own and placed at `origin`. */
  #field(text: string, origin: At): Expr {
    const inner = new ExpressionParser(text, this.file, origin);
    const expr = inner.test(0);
    const end = inner.peek();
    if (end.kind !== 'EOF') inner.unexpected(end, `expected the end of the f-string field, found ${describe(end)}`);
    return expr;
  }

  /** `()`, `(x)`, `(x,)` or `(a, b, …)`. */
  #parenthesized(depth: number): Expr {
    const open = this.take();
    if (this.peek().kind === ')') {
      this.take();
      return { kind: 'tuple', items: [], line: open.line, column: open.column };
    }
    const first = this.test(depth);
    if (this.peek().kind !== ',') {
      this.#closing(')', open);
      return first;
    }
    const items = [first];
    while (this.separator(')', open)) {
      if (this.peek().kind === ')') break;
      items.push(this.test(depth));
    }
    this.take();
    return { kind: 'tuple', items, line: open.line, column: open.column };
  }

  /** A call's arguments, from its `(` to its `)`: positional ones first, then keywords, each keyword once. */
  #arguments(depth: number): Argument[] {
    const open = this.take();
    const args: Argument[] = [];
    const keywords = new Set<string>();
    while (this.peek().kind !== ')') {
      const token = this.peek();
      if (token.kind === 'EOF') this.fail(token, `'(' at ${open.line}:${open.column} was never closed`);
      if (token.kind === '*') this.fail(token, 'unpacking arguments with `*` or `**` is not supported in .rules files');
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
  protected separator(close: ')' | ']' | '}', open: Token): boolean {
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
  #closing(close: ')' | ']' | '}', open: Token): void {
    const token = this.peek();
    if (token.kind === 'EOF') this.fail(token, `'${open.kind}' at ${open.line}:${open.column} was never closed`);
    this.expect(close, `'${close}'`);
  }

  #list(depth: number): Expr {
    const open = this.take();
    if (depth > MAX_NESTING_DEPTH) this.fail(open, `lists nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`);
    const items: Expr[] = [];
    while (this.peek().kind !== ']') {
      if (this.peek().kind === 'EOF') this.fail(this.peek(), `'[' at ${open.line}:${open.column} was never closed`);
      items.push(this.test(depth));
      if (items.length === 1 && isWord(this.peek(), 'for')) {
        const { clauses, names } = this.#clauses(depth);
        this.#closing(']', open);
        return { kind: 'comprehension', body: items[0]!, clauses, names, line: open.line, column: open.column };
      }
      if (!this.separator(']', open)) break;
    }
    this.take();
    return { kind: 'list', items, line: open.line, column: open.column };
  }

  #dict(depth: number): Expr {
    const open = this.take();
    if (depth > MAX_NESTING_DEPTH) this.fail(open, `dicts nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`);
    const entries: { key: Expr; value: Expr }[] = [];
    while (this.peek().kind !== '}') {
      if (this.peek().kind === 'EOF') this.fail(this.peek(), `'{' at ${open.line}:${open.column} was never closed`);
      const key = this.test(depth);
      this.expect(':', "':' after a dict key");
      const value = this.test(depth);
      if (entries.length === 0 && isWord(this.peek(), 'for')) {
        const { clauses, names } = this.#clauses(depth);
        this.#closing('}', open);
        return { kind: 'dictcomp', key, value, clauses, names, line: open.line, column: open.column };
      }
      entries.push({ key, value });
      if (!this.separator('}', open)) break;
    }
    this.take();
    return { kind: 'dict', entries, line: open.line, column: open.column };
  }

  /** What may be assigned to: a name, `x[i]`, or several in a tuple or list; `expr` is what was parsed there. */
  protected target(expr: Expr): Target {
    switch (expr.kind) {
      case 'name':
      case 'index':
        return expr;
      case 'tuple':
      case 'list':
        return {
          kind: 'targets',
          items: expr.items.map((item) => this.target(item)),
          line: expr.line,
          column: expr.column,
        };
      case 'bool':
      case 'none':
        return this.fail(expr, `cannot assign to ${expr.kind === 'none' ? 'None' : expr.value ? 'True' : 'False'}`);
      default:
        return this.fail(expr, 'only a variable, an item (x[i]) or several of them (a, b) can be assigned to');
    }
  }

  /** The loop variables of a `for`: a name, or several (`k, v`, `(k, v)`), unpacking each item. */
  protected loopTarget(): Target {
    const first = this.peek();
    const items: Target[] = [];
    do {
      const token = this.peek();
      if (token.kind === '(' || token.kind === '[') items.push(this.target(this.#operand(1)));
      else {
        if (token.kind !== 'NAME' || KEYWORDS.has(token.value) || CONSTANTS.has(token.value))
          this.unexpected(token, `expected a loop variable name, found ${describe(token)}`);
        this.take();
        items.push({ kind: 'name', name: token.value, line: token.line, column: token.column });
      }
    } while (this.peek().kind === ',' && this.take());
    return items.length === 1 ? items[0]! : { kind: 'targets', items, line: first.line, column: first.column };
  }

  /** `for … in … (for … in … | if …)*` after a comprehension's body; iterables and conditions are `or` expressions. */
  #clauses(depth: number): { clauses: Clause[]; names: Set<string> } {
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
      const target = this.loopTarget();
      targetNames(target, names);
      this.expectWord('in');
      clauses.push({
        kind: 'for',
        target,
        iterable: this.#nested(this.peek(), () => this.#orTest(depth)),
        line: token.line,
        column: token.column,
      });
    }
    return { clauses, names };
  }
}
