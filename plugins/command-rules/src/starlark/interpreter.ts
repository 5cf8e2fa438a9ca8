import type { At, CallExpr, ComprehensionExpr, DefStatement, Expr, Module, NameExpr, Statement } from './ast.js';
import { RulesFileError } from './errors.js';
import { Scope, StarlarkFunction } from './scope.js';
import { add, contains, equals, formatted, MAX_CONCAT_LENGTH, truthy, typeName, type Value } from './values.js';

/** How many evaluation steps one file may take: every statement, expression and loop turn counts, and long lists and strings count more. */
export const MAX_EVALUATION_STEPS = 5_000_000;
/** How deeply calls of functions defined with `def` may nest. */
export const MAX_CALL_DEPTH = 32;
/** How deeply statements and expressions being evaluated may nest, counting into called functions; keeps evaluation off the end of the stack. */
export const MAX_EVALUATION_DEPTH = 600;
/** The extra steps a builtin call costs, so that a loop cannot record rules without bound. */
const BUILTIN_CALL_STEPS = 8;

/** Runs a builtin called as a statement; `arg` evaluates one of the call's argument expressions where the call is. */
export type Builtin = (call: CallExpr, arg: (expr: Expr) => Value) => void;

/** How a statement ended, when not by running to its end. */
type Completion = undefined | 'break' | 'continue' | { readonly value: Value };

/** Runs one parsed file: its statements in order, with Starlark's scoping, truth and equality. */
export class Interpreter {
  #steps = 0;
  #depth = 0;
  /** Where evaluation last was, for a stack overflow that the limits did not foresee. */
  #at: At = { line: 1, column: 1 };
  /** The definitions of the functions being called, outermost first. */
  readonly #calls: DefStatement[] = [];

  constructor(
    readonly file: string,
    readonly builtins: ReadonlyMap<string, Builtin>,
    readonly maxSteps = MAX_EVALUATION_STEPS,
  ) {}

  run(module: Module): void {
    try {
      this.#block(module.statements, new Scope(undefined, undefined));
    } catch (error) {
      if (error instanceof RangeError && /call stack/i.test(error.message))
        this.#fail(this.#at, 'evaluation nested too deeply');
      throw error;
    }
  }

  #fail(at: At, reason: string): never {
    throw new RulesFileError(this.file, at.line, at.column, reason);
  }

  #charge(at: At, steps = 1): void {
    this.#at = at;
    this.#steps += steps;
    if (this.#steps > this.maxSteps)
      this.#fail(at, `too many evaluation steps (more than ${this.maxSteps}); is a loop too long?`);
  }

  #block(statements: readonly Statement[], scope: Scope): Completion {
    for (const statement of statements) {
      const completion = this.#statement(statement, scope);
      if (completion !== undefined) return completion;
    }
    return undefined;
  }

  /** Counts one more level of evaluation at `at`, failing past MAX_EVALUATION_DEPTH. */
  #enter(at: At): void {
    this.#charge(at);
    if (++this.#depth > MAX_EVALUATION_DEPTH)
      this.#fail(
        at,
        `evaluation nested too deeply (more than ${MAX_EVALUATION_DEPTH} levels of blocks, calls and expressions)`,
      );
  }

  #statement(statement: Statement, scope: Scope): Completion {
    this.#enter(statement);
    const completion = this.#execute(statement, scope);
    this.#depth--;
    return completion;
  }

  #execute(statement: Statement, scope: Scope): Completion {
    switch (statement.kind) {
      case 'assign':
        scope.values.set(statement.target, this.#value(statement.value, scope));
        return undefined;
      case 'expr':
        this.#value(statement.value, scope);
        return undefined;
      case 'call':
        this.#call(statement, scope, true);
        return undefined;
      case 'def': {
        const defaults = new Map<string, Value>();
        for (const param of statement.params)
          if (param.default) defaults.set(param.name, this.#value(param.default, scope));
        scope.values.set(statement.name, new StarlarkFunction(statement, defaults, scope));
        return undefined;
      }
      case 'return':
        return { value: statement.value === undefined ? null : this.#value(statement.value, scope) };
      case 'pass':
        return undefined;
      case 'break':
      case 'continue':
        return statement.kind;
      case 'for':
        for (const item of this.#iterable(statement.iterable, scope)) {
          this.#charge(statement);
          this.#assign(statement.targets, item, scope);
          const completion = this.#block(statement.body, scope);
          if (completion === 'break') break;
          if (completion !== undefined && completion !== 'continue') return completion;
        }
        return undefined;
      case 'if':
        for (const branch of statement.branches)
          if (truthy(this.#value(branch.test, scope))) return this.#block(branch.body, scope);
        return this.#block(statement.orelse, scope);
    }
  }

  /** The list `expr` evaluates to; Starlark iterates no strings, and `.rules` files have no other iterables. */
  #iterable(expr: Expr, scope: Scope): readonly Value[] {
    const value = this.#value(expr, scope);
    if (!Array.isArray(value)) this.#fail(expr, `cannot loop over ${typeName(value)} (only lists can be iterated)`);
    return value as readonly Value[];
  }

  /** Binds loop variables in `scope`: one takes the item, several unpack a list of as many items. */
  #assign(targets: readonly NameExpr[], item: Value, scope: Scope): void {
    if (targets.length === 1) {
      scope.values.set(targets[0]!.name, item);
      return;
    }
    if (!Array.isArray(item))
      this.#fail(targets[0]!, `cannot unpack ${typeName(item)} into ${targets.length} variables`);
    const items = item as readonly Value[];
    if (items.length !== targets.length) {
      this.#fail(
        targets[0]!,
        `${items.length > targets.length ? 'too many' : 'not enough'} values to unpack (got ${items.length}, want ${targets.length})`,
      );
    }
    targets.forEach((target, i) => scope.values.set(target.name, items[i]!));
  }

  /** The value bound to `name` where `scope` sees it. */
  #lookup(name: string, at: At, scope: Scope): Value {
    const owner = scope.owner(name);
    const value = owner.values.get(name);
    if (value !== undefined) return value;
    if (owner.names !== undefined) this.#fail(at, `local variable \`${name}\` referenced before assignment`);
    if (this.builtins.has(name)) this.#fail(at, `builtin \`${name}\` can only be called`);
    return this.#fail(at, `global variable \`${name}\` referenced before assignment`);
  }

  #value(expr: Expr, scope: Scope): Value {
    this.#enter(expr);
    const value = this.#evaluate(expr, scope);
    this.#depth--;
    return value;
  }

  #evaluate(expr: Expr, scope: Scope): Value {
    switch (expr.kind) {
      case 'string':
      case 'bool':
      case 'int':
        return expr.value;
      case 'none':
        return null;
      case 'name':
        return this.#lookup(expr.name, expr, scope);
      case 'list':
        return expr.items.map((item) => this.#value(item, scope));
      case 'fstring': {
        const text = expr.parts
          .map((part) => (typeof part === 'string' ? part : formatted(this.#value(part, scope), part, this.file)))
          .join('');
        if (text.length > MAX_CONCAT_LENGTH)
          this.#fail(expr, `string too long (more than ${MAX_CONCAT_LENGTH} characters)`);
        return text;
      }
      case 'sum':
        return this.#sum(expr.operands, expr.plus, scope);
      case 'call':
        return this.#call(expr, scope, false);
      case 'not':
        return !truthy(this.#value(expr.operand, scope));
      case 'and':
      case 'or': {
        let value: Value = null;
        for (const operand of expr.operands) {
          value = this.#value(operand, scope);
          if (truthy(value) === (expr.kind === 'or')) return value;
        }
        return value;
      }
      case 'compare': {
        const left = this.#value(expr.left, scope);
        const right = this.#value(expr.right, scope);
        const charge = (steps: number) => this.#charge(expr, steps);
        if (expr.op === '==' || expr.op === '!=') return equals(left, right, charge) === (expr.op === '==');
        return contains(right, left, expr, this.file, charge) === (expr.op === 'in');
      }
      case 'conditional':
        return this.#value(truthy(this.#value(expr.test, scope)) ? expr.then : expr.otherwise, scope);
      case 'comprehension':
        return this.#comprehension(expr, scope);
    }
  }

  /** `a + b + …` left to right; a list this sum built is appended to in place, so a long chain of `+ [x]` stays linear. */
  #sum(operands: readonly Expr[], plus: readonly At[], scope: Scope): Value {
    let total = this.#value(operands[0]!, scope);
    let built: Value[] | undefined;
    for (let i = 1; i < operands.length; i++) {
      const next = this.#value(operands[i]!, scope);
      const at = plus[i - 1]!;
      if (built && Array.isArray(next) && built.length + next.length <= MAX_CONCAT_LENGTH) {
        this.#charge(at, Math.floor(next.length / 32));
        for (const item of next as readonly Value[]) built.push(item);
        continue;
      }
      total = add(total, next, at, this.file);
      if (typeof total === 'string' || Array.isArray(total)) this.#charge(at, Math.floor(total.length / 32));
      built = Array.isArray(total) ? (total as Value[]) : undefined;
    }
    return total;
  }

  #comprehension(expr: ComprehensionExpr, scope: Scope): Value[] {
    const inner = new Scope(expr.names, scope);
    const result: Value[] = [];
    const clause = (i: number): void => {
      const current = expr.clauses[i];
      if (current === undefined) {
        if (result.length >= MAX_CONCAT_LENGTH)
          this.#fail(expr, `list too long (more than ${MAX_CONCAT_LENGTH} items)`);
        result.push(this.#value(expr.body, inner));
      } else if (current.kind === 'if') {
        if (truthy(this.#value(current.test, inner))) clause(i + 1);
      } else {
        for (const item of this.#iterable(current.iterable, i === 0 ? scope : inner)) {
          this.#charge(current);
          this.#assign(current.targets, item, inner);
          clause(i + 1);
        }
      }
    };
    clause(0);
    return result;
  }

  /** Calls a function defined with `def`, or (only as a statement) a builtin; returns what the function returns. */
  #call(call: CallExpr, scope: Scope, statement: boolean): Value {
    const owner = scope.owner(call.callee);
    const callee = owner.values.get(call.callee);
    const builtin = this.builtins.get(call.callee);
    if (callee === undefined && owner.names === undefined && builtin !== undefined) {
      if (!statement) this.#fail(call, `\`${call.callee}\` returns None, so it can only be called as a statement`);
      this.#charge(call, BUILTIN_CALL_STEPS);
      builtin(call, (arg) => this.#value(arg, scope));
      return null;
    }
    const fn = this.#lookup(call.callee, call, scope);
    if (!(fn instanceof StarlarkFunction))
      return this.#fail(call, `\`${call.callee}\` is not callable (got ${typeName(fn)})`);
    return this.#invoke(fn, call, scope);
  }

  /** Binds a call's arguments to `fn`'s parameters (positionally, by keyword, else the default) and runs its body. */
  #invoke(fn: StarlarkFunction, call: CallExpr, scope: Scope): Value {
    const { def } = fn;
    const name = `${def.name}()`;
    if (this.#calls.includes(def))
      this.#fail(call, `function \`${def.name}\` called recursively (Starlark does not allow recursion)`);
    if (this.#calls.length >= MAX_CALL_DEPTH)
      this.#fail(call, `calls nested too deeply (more than ${MAX_CALL_DEPTH} levels)`);
    const values = call.args.map((arg) => this.#value(arg.value, scope));
    const frame = new Scope(def.locals, fn.closure);
    let position = 0;
    call.args.forEach((arg, i) => {
      const param = arg.name ?? def.params[position++]?.name;
      if (param === undefined) {
        this.#fail(
          arg,
          `${name} takes at most ${def.params.length} positional arguments (${call.args.filter((a) => a.name === undefined).length} given)`,
        );
      }
      if (!def.params.some((p) => p.name === param))
        this.#fail(arg, `${name} got an unexpected keyword argument '${param}'`);
      if (frame.values.has(param)) this.#fail(arg, `${name} got multiple values for argument '${param}'`);
      frame.values.set(param, values[i]!);
    });
    for (const param of def.params) {
      if (frame.values.has(param.name)) continue;
      const value = fn.defaults.get(param.name);
      if (value === undefined) this.#fail(call, `${name} missing required argument '${param.name}'`);
      frame.values.set(param.name, value);
    }
    this.#calls.push(def);
    try {
      const completion = this.#block(def.body, frame);
      return typeof completion === 'object' ? completion.value : null;
    } finally {
      this.#calls.pop();
    }
  }
}
