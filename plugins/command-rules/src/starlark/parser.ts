import { RulesFileError } from './errors.js';
import { Lexer, type Token, type TokenKind } from './lexer.js';

export { RulesFileError } from './errors.js';

/** How deeply lists may nest; deeper input is rejected rather than recursed into. */
export const MAX_NESTING_DEPTH = 64;

interface At {
  readonly line: number;
  readonly column: number;
}

export interface StringExpr extends At {
  readonly kind: 'string';
  readonly value: string;
}
export interface ListExpr extends At {
  readonly kind: 'list';
  readonly items: readonly Expr[];
}
export interface NameExpr extends At {
  readonly kind: 'name';
  readonly name: string;
}
export interface BoolExpr extends At {
  readonly kind: 'bool';
  readonly value: boolean;
}
export interface NoneExpr extends At {
  readonly kind: 'none';
}
export interface IntExpr extends At {
  readonly kind: 'int';
  readonly value: bigint;
}
/** `f"…{name}…"`: literal text and the variables whose values are put in, in order. */
export interface FStringExpr extends At {
  readonly kind: 'fstring';
  readonly parts: readonly (string | NameExpr)[];
}
/** `a + b + c`, kept flat (left to right) so long chains never nest; `plus` are the positions of the `+` signs. */
export interface SumExpr extends At {
  readonly kind: 'sum';
  readonly operands: readonly Expr[];
  readonly plus: readonly At[];
}
export type Expr = StringExpr | FStringExpr | ListExpr | NameExpr | BoolExpr | NoneExpr | IntExpr | SumExpr;

/** A call argument: positional (`name` undefined) or keyword; its position is the keyword's, or the value's. */
export interface Argument extends At {
  readonly name?: string;
  readonly value: Expr;
}

/** `callee(args)`; the position is the callee name's. */
export interface CallStatement extends At {
  readonly kind: 'call';
  readonly callee: string;
  readonly args: readonly Argument[];
}
/** `target = value`; the position is the target's. */
export interface AssignStatement extends At {
  readonly kind: 'assign';
  readonly target: string;
  readonly value: Expr;
}
/** A bare expression, such as a docstring: evaluated, then discarded. */
export interface ExprStatement extends At {
  readonly kind: 'expr';
  readonly value: Expr;
}
export type Statement = CallStatement | AssignStatement | ExprStatement;

export interface Module {
  readonly file: string;
  readonly statements: readonly Statement[];
}

const CONSTANTS = new Set(['True', 'False', 'None']);
/** Starlark keywords: the statements and expressions they open are outside the subset. */
const KEYWORDS = new Set(['and', 'break', 'continue', 'def', 'elif', 'else', 'for', 'if', 'in', 'lambda', 'load', 'not', 'or', 'pass', 'return', 'while']);
const SUPPORTED = 'only assignments, calls of prefix_rule, host_executable and network_rule, strings (f-strings too), ints, lists and + are supported';

function describe(token: Token): string {
  switch (token.kind) {
    case 'NAME':
      return `name '${token.value}'`;
    case 'STRING':
    case 'FSTRING':
      return 'a string';
    case 'INT':
      return `int ${token.value}`;
    case 'NEWLINE':
      return 'end of line';
    case 'EOF':
      return 'end of file';
    default:
      return `'${token.kind}'`;
  }
}

/** A recursive-descent parser over a token stream, with two tokens of lookahead. */
class Parser {
  readonly #lexer: Lexer;
  readonly #ahead: Token[] = [];

  constructor(
    text: string,
    readonly file: string,
  ) {
    this.#lexer = new Lexer(text, file);
  }

  #peek(k = 0): Token {
    while (this.#ahead.length <= k) this.#ahead.push(this.#lexer.next());
    return this.#ahead[k]!;
  }

  #take(): Token {
    const token = this.#peek();
    this.#ahead.shift();
    return token;
  }

  #fail(at: At, reason: string): never {
    throw new RulesFileError(this.file, at.line, at.column, reason);
  }

  /** Fails at a Starlark keyword (`for`, `if`, `def`, …): what it opens is outside the subset. */
  #rejectKeyword(token: Token): void {
    if (token.kind === 'NAME' && KEYWORDS.has(token.value)) this.#fail(token, `\`${token.value}\` is not supported in .rules files: ${SUPPORTED}`);
  }

  #unexpected(token: Token, reason: string): never {
    this.#rejectKeyword(token);
    return this.#fail(token, reason);
  }

  #expect(kind: TokenKind, what: string): Token {
    const token = this.#peek();
    if (token.kind !== kind) this.#fail(token, `expected ${what}, found ${describe(token)}`);
    return this.#take();
  }

  module(): Module {
    const statements: Statement[] = [];
    for (;;) {
      const token = this.#peek();
      if (token.kind === 'EOF') return { file: this.file, statements };
      if (token.kind === 'NEWLINE') {
        this.#take();
        continue;
      }
      statements.push(this.#statement());
      const end = this.#peek();
      if (end.kind === 'NEWLINE' || end.kind === ';') this.#take();
      else if (end.kind !== 'EOF') this.#unexpected(end, `expected end of line after statement, found ${describe(end)}`);
    }
  }

  #statement(): Statement {
    const first = this.#peek();
    const second = this.#peek(1);
    this.#rejectKeyword(first);
    if (first.kind === 'NAME' && second.kind === '(') return this.#call();
    if (first.kind === 'NAME' && second.kind === '=') {
      if (CONSTANTS.has(first.value)) this.#fail(first, `cannot assign to ${first.value}`);
      this.#take();
      this.#take();
      return { kind: 'assign', target: first.value, value: this.#expr(0), line: first.line, column: first.column };
    }
    if (first.kind === 'NAME' || first.kind === 'STRING' || first.kind === 'FSTRING' || first.kind === 'INT' || first.kind === '[') {
      return { kind: 'expr', value: this.#expr(0), line: first.line, column: first.column };
    }
    return this.#fail(first, `expected a statement, found ${describe(first)}`);
  }

  #call(): CallStatement {
    const callee = this.#take();
    const open = this.#take();
    const args: Argument[] = [];
    const keywords = new Set<string>();
    while (this.#peek().kind !== ')') {
      const token = this.#peek();
      if (token.kind === 'EOF') this.#fail(token, `'(' at ${open.line}:${open.column} was never closed`);
      if (token.kind === 'NAME' && this.#peek(1).kind === '=') {
        if (keywords.has(token.value)) this.#fail(token, `repeated keyword argument '${token.value}'`);
        keywords.add(token.value);
        this.#take();
        this.#take();
        args.push({ name: token.value, value: this.#expr(0), line: token.line, column: token.column });
      } else {
        if (keywords.size > 0) this.#fail(token, 'positional argument follows keyword argument');
        args.push({ value: this.#expr(0), line: token.line, column: token.column });
      }
      if (!this.#separator(')', open)) break;
    }
    this.#expect(')', "',' or ')'");
    return { kind: 'call', callee: callee.value, args, line: callee.line, column: callee.column };
  }

  /** After an item inside brackets: consumes a `,` (true), or sees the closing bracket (false). */
  #separator(close: ')' | ']', open: Token): boolean {
    const token = this.#peek();
    if (token.kind === ',') {
      this.#take();
      return true;
    }
    if (token.kind === close) return false;
    if (token.kind === 'EOF') this.#fail(token, `'${open.kind}' at ${open.line}:${open.column} was never closed`);
    return this.#unexpected(token, `expected ',' or '${close}', found ${describe(token)}`);
  }

  /** An expression inside `depth` enclosing lists: operands joined by `+`. */
  #expr(depth: number): Expr {
    const first = this.#operand(depth);
    if (this.#peek().kind !== '+') return first;
    const operands = [first];
    const plus: At[] = [];
    while (this.#peek().kind === '+') {
      const sign = this.#take();
      plus.push({ line: sign.line, column: sign.column });
      operands.push(this.#operand(depth));
    }
    return { kind: 'sum', operands, plus, line: first.line, column: first.column };
  }

  /** An f-string's text split at its `{name}` fields (`{{` and `}}` are braces); only a variable name may fill a field. */
  #fields(token: Token): (string | NameExpr)[] {
    const parts: (string | NameExpr)[] = [];
    const text = token.value;
    let literal = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if ((c === '{' || c === '}') && text[i + 1] === c) {
        literal += c;
        i++;
      } else if (c === '{') {
        const close = text.indexOf('}', i);
        const name = close < 0 ? '' : text.slice(i + 1, close).trim();
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || KEYWORDS.has(name)) {
          this.#fail(token, 'f-string fields in .rules files may only name a variable, as in f"{tool}"');
        }
        if (literal) parts.push(literal);
        literal = '';
        parts.push({ kind: 'name', name, line: token.line, column: token.column });
        i = close;
      } else if (c === '}') {
        this.#fail(token, "f-string: single '}' is not allowed");
      } else literal += c;
    }
    if (literal || parts.length === 0) parts.push(literal);
    return parts;
  }

  #operand(depth: number): Expr {
    const token = this.#peek();
    const at = { line: token.line, column: token.column };
    switch (token.kind) {
      case 'STRING':
        this.#take();
        return { kind: 'string', value: token.value, ...at };
      case 'FSTRING':
        this.#take();
        return { kind: 'fstring', parts: this.#fields(token), ...at };
      case 'NAME':
        this.#rejectKeyword(token);
        this.#take();
        if (this.#peek().kind === '(') this.#fail(this.#peek(), 'calls are only allowed as statements');
        if (token.value === 'True' || token.value === 'False') return { kind: 'bool', value: token.value === 'True', ...at };
        if (token.value === 'None') return { kind: 'none', ...at };
        return { kind: 'name', name: token.value, ...at };
      case 'INT':
        this.#take();
        return { kind: 'int', value: BigInt(token.value), ...at };
      case '[':
        return this.#list(depth + 1);
      default:
        return this.#unexpected(token, `expected an expression, found ${describe(token)}`);
    }
  }

  #list(depth: number): ListExpr {
    const open = this.#take();
    if (depth > MAX_NESTING_DEPTH) this.#fail(open, `lists nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`);
    const items: Expr[] = [];
    while (this.#peek().kind !== ']') {
      if (this.#peek().kind === 'EOF') this.#fail(this.#peek(), `'[' at ${open.line}:${open.column} was never closed`);
      items.push(this.#expr(depth));
      if (!this.#separator(']', open)) break;
    }
    this.#take();
    return { kind: 'list', items, line: open.line, column: open.column };
  }
}

/** Parses a `.rules` file into statements; throws RulesFileError at the first problem. */
export function parse(text: string, file = '<rules>'): Module {
  return new Parser(text, file).module();
}
