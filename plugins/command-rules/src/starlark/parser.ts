import {
  boundNames,
  type DefStatement,
  type Expr,
  type ForStatement,
  type IfStatement,
  type Module,
  type Statement,
} from './ast.js';
import { describe, ExpressionParser, isWord } from './expressions.js';
import { KEYWORDS, type Token } from './lexer.js';

export { RulesFileError } from './errors.js';
export { MAX_EXPRESSION_DEPTH, MAX_NESTING_DEPTH } from './expressions.js';
export type * from './ast.js';

const CONSTANTS = new Set(['True', 'False', 'None']);
const COMPOUND = new Set(['def', 'for', 'if']);
const AUGMENTED = new Set(['+=', '-=', '*=', '//=', '%=']);
const STARTS = new Set(['NAME', 'STRING', 'FSTRING', 'INT', '[', '(', '{', '-', '+']);

/** Where a statement is: inside a `def`, inside a loop (a `def` body starts outside any loop). */
interface Context {
  readonly inDef: boolean;
  readonly inLoop: boolean;
}

/** Parses statements and blocks; expressions are ExpressionParser's. */
class Parser extends ExpressionParser {
  /** Fails at the next token: the file nests deeper than the stack allows, though within the parser's limits. */
  tooDeep(): never {
    return this.fail(this.peek(), 'file nested too deeply to parse');
  }

  module(): Module {
    const statements: Statement[] = [];
    const context = { inDef: false, inLoop: false };
    while (this.peek().kind !== 'EOF') {
      if (this.peek().kind === 'NEWLINE') this.take();
      else this.#statement(context, statements);
    }
    return { file: this.file, statements };
  }

  /** One line's statements (a compound statement with its block, or simple statements separated by `;`), appended to `into`. */
  #statement(context: Context, into: Statement[]): void {
    const token = this.peek();
    if (token.kind === 'INDENT') this.fail(token, 'unexpected indentation');
    if (token.kind === 'NAME' && COMPOUND.has(token.value)) {
      into.push(token.value === 'def' ? this.#def() : token.value === 'for' ? this.#for(context) : this.#if(context));
    } else if (isWord(token, 'elif') || isWord(token, 'else')) {
      this.fail(token, `\`${token.value}\` without a matching \`if\``);
    } else this.#simpleStatements(context, into);
  }

  /** Simple statements separated by `;` (one may end the line), up to the end of the line. */
  #simpleStatements(context: Context, into: Statement[]): void {
    for (;;) {
      into.push(this.#simple(context));
      const end = this.peek();
      if (end.kind === ';') {
        this.take();
        const after = this.peek().kind;
        if (after === 'NEWLINE' || after === 'EOF' || after === 'DEDENT') break;
        continue;
      }
      if (end.kind !== 'NEWLINE' && end.kind !== 'EOF' && end.kind !== 'DEDENT') {
        this.unexpected(end, `expected end of line after statement, found ${describe(end)}`);
      }
      break;
    }
    if (this.peek().kind === 'NEWLINE') this.take();
  }

  #simple(context: Context): Statement {
    const token = this.peek();
    const at = { line: token.line, column: token.column };
    this.rejectKeyword(token);
    if (token.kind === 'NAME' && COMPOUND.has(token.value))
      this.fail(token, `\`${token.value}\` must start a line of its own`);
    if (isWord(token, 'pass') || isWord(token, 'break') || isWord(token, 'continue')) {
      this.take();
      if (token.value !== 'pass' && !context.inLoop) this.fail(token, `\`${token.value}\` outside a loop`);
      return { kind: token.value as 'pass' | 'break' | 'continue', ...at };
    }
    if (isWord(token, 'return')) {
      this.take();
      if (!context.inDef) this.fail(token, '`return` outside a function');
      const next = this.peek().kind;
      if (next === 'NEWLINE' || next === 'EOF' || next === 'DEDENT' || next === ';') return { kind: 'return', ...at };
      return { kind: 'return', value: this.testList(0), ...at };
    }
    if (!STARTS.has(token.kind)) this.fail(token, `expected a statement, found ${describe(token)}`);
    const value = this.testList(0);
    const sign = this.peek();
    if (sign.kind !== '=' && !AUGMENTED.has(sign.kind))
      return value.kind === 'call' ? value : { kind: 'expr', value, ...at };
    const target = this.target(value);
    if (sign.kind !== '=' && target.kind === 'targets')
      this.fail(sign, `\`${sign.kind}\` assigns to one variable or item, not to several`);
    this.take();
    const op = sign.kind === '=' ? undefined : (sign.kind.slice(0, -1) as '+' | '-' | '*' | '//' | '%');
    return { kind: 'assign', target, ...(op && { op }), value: this.testList(0), ...at };
  }

  /** The block after a compound statement's `:`: simple statements on the same line, or indented lines. */
  #block(context: Context, opener: Token): Statement[] {
    this.expect(':', "':'");
    const body: Statement[] = [];
    if (this.peek().kind !== 'NEWLINE') {
      if (this.peek().kind === 'EOF')
        this.fail(this.peek(), `expected a statement after \`${opener.value}\`, found end of file`);
      this.#simpleStatements(context, body);
      return body;
    }
    this.take();
    const indent = this.peek();
    if (indent.kind !== 'INDENT')
      this.fail(indent, `expected an indented block after \`${opener.value}\` at ${opener.line}:${opener.column}`);
    this.take();
    while (this.peek().kind !== 'DEDENT' && this.peek().kind !== 'EOF') {
      if (this.peek().kind === 'NEWLINE') this.take();
      else this.#statement(context, body);
    }
    if (this.peek().kind === 'DEDENT') this.take();
    return body;
  }

  #def(): DefStatement {
    const keyword = this.take();
    const name = this.peek();
    if (name.kind !== 'NAME' || KEYWORDS.has(name.value) || CONSTANTS.has(name.value)) {
      this.unexpected(name, `expected a function name, found ${describe(name)}`);
    }
    this.take();
    this.expect('(', "'('");
    const params = this.parameters(')');
    this.expect(')', "',' or ')'");
    const body = this.#block({ inDef: true, inLoop: false }, keyword);
    const locals = boundNames(body, new Set(params.map((p) => p.name)));
    return { kind: 'def', name: name.value, params, body, locals, line: keyword.line, column: keyword.column };
  }

  #for(context: Context): ForStatement {
    const keyword = this.take();
    const target = this.loopTarget();
    this.expectWord('in');
    const iterable: Expr = this.testList(0);
    const body = this.#block({ ...context, inLoop: true }, keyword);
    return { kind: 'for', target, iterable, body, line: keyword.line, column: keyword.column };
  }

  #if(context: Context): IfStatement {
    const keyword = this.take();
    const branches = [{ test: this.test(0), body: this.#block(context, keyword) }];
    let orelse: Statement[] = [];
    for (;;) {
      const next = this.peek();
      if (isWord(next, 'elif')) {
        this.take();
        branches.push({ test: this.test(0), body: this.#block(context, next) });
      } else if (isWord(next, 'else')) {
        this.take();
        orelse = this.#block(context, next);
        break;
      } else break;
    }
    return { kind: 'if', branches, orelse, line: keyword.line, column: keyword.column };
  }
}

/** Parses a `.rules` file into statements; throws RulesFileError at the first problem. */
export function parse(text: string, file = '<rules>'): Module {
  const parser = new Parser(text, file);
  try {
    return parser.module();
  } catch (error) {
    if (error instanceof RangeError && /call stack/i.test(error.message)) parser.tooDeep();
    throw error;
  }
}
