import type { At, CallExpr, Clause, DefStatement, Expr, Module, Statement, Target } from './ast.js';
import { getItem, iterate, setItem, slice } from './collections.js';
import { RulesFileError } from './errors.js';
import { callMethod } from './methods.js';
import { add, arithmetic, unary } from './operators.js';
import { Scope, StarlarkFunction } from './scope.js';
import {
  BoundMethod,
  Builtin,
  compare,
  contains,
  Dict,
  equals,
  MAX_CONCAT_LENGTH,
  Range,
  show,
  truthy,
  Tuple,
  typeName,
  type Arguments,
  type Bound,
  type Value,
} from './values.js';
import { dictSet } from './collections.js';

/** How many evaluation steps one file may take: every statement, expression and loop turn counts, and long lists and strings count more. */
export const MAX_EVALUATION_STEPS = 5_000_000;
/** How deeply calls of functions defined with `def` or `lambda` may nest (Codex's Starlark stops at about 50 frames). */
export const MAX_CALL_DEPTH = 49;
/** How deeply statements and expressions being evaluated may nest, counting into called functions; keeps evaluation off the end of the stack. */
export const MAX_EVALUATION_DEPTH = 1000;
/** The extra steps a builtin call costs, so that a loop cannot record rules without bound. */
const BUILTIN_CALL_STEPS = 8;

/** How a statement ended, when not by running to its end. */
type Completion = undefined | 'break' | 'continue' | { readonly value: Value };

/** What a call's arguments reach back into the interpreter for. */
interface Host {
  readonly file: string;
  charge(at: At, steps: number): void;
  apply(fn: Value, args: Arguments, at: At): Value;
}

/** A call's evaluated arguments, as builtins receive them. */
class CallArguments implements Arguments {
  readonly file: string;

  constructor(
    readonly fn: string,
    readonly positional: readonly Bound[],
    readonly named: ReadonlyMap<string, Bound>,
    readonly at: At,
    readonly host: Host,
  ) {
    this.file = host.file;
  }

  charge(steps: number): void {
    this.host.charge(this.at, steps);
  }

  invoke(fn: Value, values: readonly Value[]): Value {
    const args = new CallArguments(
      this.fn,
      values.map((value) => ({ value, at: this.at })),
      new Map(),
      this.at,
      this.host,
    );
    return this.host.apply(fn, args, this.at);
  }
}

const NO_NAMES: ReadonlyMap<string, Bound> = new Map();

/** A range's ints, made one at a time (a loop may stop early; a long range is never built). */
function* rangeItems(range: Range): Generator<Value> {
  for (let i = 0; i < range.length; i++) yield range.at(i);
}

/** The name a call is reported under: the function's, or the method's. */
function calleeName(callee: Expr): string {
  if (callee.kind === 'name') return callee.name;
  if (callee.kind === 'attribute') return callee.name;
  return 'value';
}

/** Runs one parsed file: its statements in order, with Starlark's scoping, truth and equality. */
export class Interpreter {
  #steps = 0;
  #depth = 0;
  #calls = 0;
  /** Where evaluation last was, for a stack overflow that the limits did not foresee. */
  #at: At = { line: 1, column: 1 };
  readonly #host: Host;

  constructor(
    readonly file: string,
    readonly builtins: ReadonlyMap<string, Builtin>,
    readonly maxSteps = MAX_EVALUATION_STEPS,
  ) {
    this.#host = {
      file,
      charge: (at, steps) => this.#charge(at, steps),
      apply: (fn, args, at) => this.#apply(fn, args, at),
    };
  }

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
        if (statement.op === undefined) this.#assign(statement.target, this.#value(statement.value, scope), scope);
        else this.#augment(statement.target, statement.op, statement.value, statement, scope);
        return undefined;
      case 'expr':
        this.#value(statement.value, scope);
        return undefined;
      case 'call':
        this.#call(statement, scope);
        return undefined;
      case 'def':
        scope.values.set(statement.name, this.#function(statement, scope));
        return undefined;
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
          this.#assign(statement.target, item, scope);
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

  /** A function value for a `def` (or a `lambda`): its defaults are evaluated now, where it is defined. */
  #function(def: DefStatement, scope: Scope): StarlarkFunction {
    const defaults = new Map<string, Value>();
    for (const param of def.params) if (param.default) defaults.set(param.name, this.#value(param.default, scope));
    return new StarlarkFunction(def, defaults, scope);
  }

  /** What a loop goes over: a list, tuple or dict (as it is now) or a range, one item at a time; strings are not iterable. */
  #iterable(expr: Expr, scope: Scope): Iterable<Value> {
    const value = this.#value(expr, scope);
    if (value instanceof Range) return rangeItems(value);
    // A snapshot of a list, so that a loop that appends to its own list still ends.
    if (Array.isArray(value)) return value.slice();
    if (value instanceof Tuple || value instanceof Dict) return iterate(value, { file: this.file, at: expr });
    return this.#fail(expr, `cannot loop over ${typeName(value)} (lists, tuples, dicts and ranges can be iterated)`);
  }

  /** Binds a value to a target: a variable, an item (`d[k]`, `l[0]`), or several, unpacking a sequence of as many. */
  #assign(target: Target, value: Value, scope: Scope): void {
    if (target.kind === 'name') {
      scope.owner(target.name).values.set(target.name, value);
      return;
    }
    if (target.kind === 'index') {
      const container = this.#value(target.object, scope);
      setItem(container, this.#value(target.index, scope), value, { file: this.file, at: target });
      return;
    }
    if (typeof value === 'string' || !(Array.isArray(value) || value instanceof Tuple || value instanceof Range))
      this.#fail(target, `cannot unpack ${typeName(value)} into ${target.items.length} variables`);
    const items = iterate(value, { file: this.file, at: target });
    if (items.length !== target.items.length) {
      this.#fail(
        target,
        `${items.length > target.items.length ? 'too many' : 'not enough'} values to unpack (got ${items.length}, want ${target.items.length})`,
      );
    }
    target.items.forEach((item, i) => this.#assign(item, items[i]!, scope));
  }

  /** `target op= value`: the target is read and written once; `list += x` extends the list in place, as in Starlark. */
  #augment(target: Target, op: '+' | '-' | '*' | '//' | '%', expr: Expr, at: At, scope: Scope): void {
    const where = { file: this.file, at };
    let read: () => Value;
    let write: (v: Value) => void;
    if (target.kind === 'name') {
      read = () => this.#lookup(target.name, target, scope);
      write = (v) => scope.owner(target.name).values.set(target.name, v);
    } else if (target.kind === 'index') {
      const container = this.#value(target.object, scope);
      const index = this.#value(target.index, scope);
      read = () => getItem(container, index, where);
      write = (v) => setItem(container, index, v, where);
    } else return this.#fail(at, 'augmented assignment needs a single target');
    const current = read();
    const value = this.#value(expr, scope);
    if (op === '+' && Array.isArray(current) && Array.isArray(value)) {
      if (current.length + value.length > MAX_CONCAT_LENGTH)
        this.#fail(at, `list too long (more than ${MAX_CONCAT_LENGTH} items)`);
      this.#charge(at, Math.floor(value.length / 32));
      current.push(...value);
      return;
    }
    write(op === '+' ? add(current, value, at, this.file) : arithmetic(op, current, value, at, this.file));
  }

  /** The value bound to `name` where `scope` sees it, or the builtin of that name. */
  #lookup(name: string, at: At, scope: Scope): Value {
    const owner = scope.owner(name);
    const value = owner.values.get(name);
    if (value !== undefined) return value;
    if (owner.names !== undefined) this.#fail(at, `local variable \`${name}\` referenced before assignment`);
    const builtin = this.builtins.get(name);
    if (builtin !== undefined) return builtin;
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
      case 'tuple':
        return new Tuple(expr.items.map((item) => this.#value(item, scope)));
      case 'dict': {
        const dict = new Dict();
        for (const entry of expr.entries) {
          const key = this.#value(entry.key, scope);
          dictSet(dict, key, this.#value(entry.value, scope), { file: this.file, at: entry.key });
        }
        return dict;
      }
      case 'fstring': {
        let text = '';
        for (const part of expr.parts) {
          text += typeof part === 'string' ? part : show(this.#value(part, scope), false, part, this.file);
          if (text.length > MAX_CONCAT_LENGTH)
            this.#fail(expr, `string too long (more than ${MAX_CONCAT_LENGTH} characters)`);
        }
        return text;
      }
      case 'sum':
        return this.#sum(expr.operands, expr.plus, scope);
      case 'binary': {
        const left = this.#value(expr.left, scope);
        const value = arithmetic(expr.op, left, this.#value(expr.right, scope), expr, this.file);
        if (typeof value === 'string' || Array.isArray(value)) this.#charge(expr, Math.floor(value.length / 32));
        return value;
      }
      case 'unary':
        return unary(expr.op, this.#value(expr.operand, scope), expr, this.file);
      case 'call':
        return this.#call(expr, scope);
      case 'attribute':
        return new BoundMethod(this.#value(expr.object, scope), expr.name);
      case 'index':
        return getItem(this.#value(expr.object, scope), this.#value(expr.index, scope), { file: this.file, at: expr });
      case 'slice': {
        const object = this.#value(expr.object, scope);
        const part = (e: Expr | undefined) => (e === undefined ? null : this.#value(e, scope));
        const value = slice(object, part(expr.start), part(expr.stop), part(expr.step), { file: this.file, at: expr });
        if (typeof value === 'string' || Array.isArray(value)) this.#charge(expr, Math.floor(value.length / 32));
        return value;
      }
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
        switch (expr.op) {
          case '==':
          case '!=':
            return equals(left, right, charge) === (expr.op === '==');
          case 'in':
          case 'not in':
            return contains(right, left, expr, this.file, charge) === (expr.op === 'in');
          default: {
            const c = compare(left, right, expr, this.file, charge);
            return expr.op === '<' ? c < 0 : expr.op === '<=' ? c <= 0 : expr.op === '>' ? c > 0 : c >= 0;
          }
        }
      }
      case 'conditional':
        return this.#value(truthy(this.#value(expr.test, scope)) ? expr.then : expr.otherwise, scope);
      case 'comprehension': {
        const result: Value[] = [];
        this.#comprehension(expr.clauses, expr.names, expr, scope, (inner) => {
          if (result.length >= MAX_CONCAT_LENGTH)
            this.#fail(expr, `list too long (more than ${MAX_CONCAT_LENGTH} items)`);
          result.push(this.#value(expr.body, inner));
        });
        return result;
      }
      case 'dictcomp': {
        const dict = new Dict();
        this.#comprehension(expr.clauses, expr.names, expr, scope, (inner) => {
          const key = this.#value(expr.key, inner);
          dictSet(dict, key, this.#value(expr.value, inner), { file: this.file, at: expr.key });
        });
        return dict;
      }
      case 'lambda':
        return this.#function(expr.def, scope);
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
        for (const item of next) built.push(item);
        continue;
      }
      total = add(total, next, at, this.file);
      if (typeof total === 'string' || Array.isArray(total)) this.#charge(at, Math.floor(total.length / 32));
      built = Array.isArray(total) ? total : undefined;
    }
    return total;
  }

  /** Runs a comprehension's clauses, calling `emit` in its own scope for every combination that passes the filters. */
  #comprehension(
    clauses: readonly Clause[],
    names: ReadonlySet<string>,
    at: At,
    scope: Scope,
    emit: (inner: Scope) => void,
  ): void {
    const inner = new Scope(names, scope);
    const clause = (i: number): void => {
      const current = clauses[i];
      if (current === undefined) emit(inner);
      else if (current.kind === 'if') {
        if (truthy(this.#value(current.test, inner))) clause(i + 1);
      } else {
        for (const item of this.#iterable(current.iterable, i === 0 ? scope : inner)) {
          this.#charge(current);
          this.#assign(current.target, item, inner);
          clause(i + 1);
        }
      }
    };
    this.#enter(at);
    clause(0);
    this.#depth--;
  }

  /** A call's arguments, evaluated left to right. */
  #arguments(call: CallExpr, scope: Scope, fn: string): Arguments {
    const positional: Bound[] = [];
    let named: Map<string, Bound> | undefined;
    for (const arg of call.args) {
      const bound = { value: this.#value(arg.value, scope), at: arg };
      if (arg.name === undefined) positional.push(bound);
      else (named ??= new Map()).set(arg.name, bound);
    }
    return new CallArguments(fn, positional, named ?? NO_NAMES, call, this.#host);
  }

  /** Calls what `call.callee` names: a function defined with `def`, a builtin, or a method of a value. */
  #call(call: CallExpr, scope: Scope): Value {
    const { callee } = call;
    const name = calleeName(callee);
    if (callee.kind === 'attribute') {
      const receiver = this.#value(callee.object, scope);
      const args = this.#arguments(call, scope, name);
      this.#charge(call, BUILTIN_CALL_STEPS);
      return callMethod(receiver, callee.name, args);
    }
    const fn = callee.kind === 'name' ? this.#lookup(callee.name, callee, scope) : this.#value(callee, scope);
    // A function defined with def takes its arguments straight into its frame: the common call in a loop.
    if (fn instanceof StarlarkFunction) {
      const frame = new Scope(fn.def.locals, fn.closure);
      const { args } = call;
      for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        this.#bind(fn, frame, arg.name, i, this.#value(arg.value, scope), arg, args);
      }
      return this.#run(fn, frame, call);
    }
    const label = fn instanceof Builtin || fn instanceof BoundMethod ? fn.name : name;
    return this.#apply(fn, this.#arguments(call, scope, label), call);
  }

  #apply(fn: Value, args: Arguments, at: At): Value {
    if (fn instanceof Builtin) {
      this.#charge(at, BUILTIN_CALL_STEPS);
      return fn.call(args);
    }
    if (fn instanceof BoundMethod) {
      this.#charge(at, BUILTIN_CALL_STEPS);
      return callMethod(fn.receiver, fn.name, args);
    }
    if (!(fn instanceof StarlarkFunction))
      return this.#fail(at, `\`${args.fn}\` is not callable (got ${typeName(fn)})`);
    return this.#invoke(fn, args, at);
  }

  /** Binds arguments to `fn`'s parameters (positionally, by keyword, else the default) and runs its body. */
  #invoke(fn: StarlarkFunction, args: Arguments, at: At): Value {
    const frame = new Scope(fn.def.locals, fn.closure);
    const given = [
      ...args.positional.map((a) => ({ name: undefined, ...a })),
      ...[...args.named].map(([name, a]) => ({ name, ...a })),
    ];
    given.forEach((arg, i) => this.#bind(fn, frame, arg.name, i, arg.value, arg.at, given));
    return this.#run(fn, frame, at);
  }

  /** Binds the `index`th argument (named `name`, or positional) to a parameter of `fn` in `frame`. */
  #bind(
    fn: StarlarkFunction,
    frame: Scope,
    name: string | undefined,
    index: number,
    value: Value,
    at: At,
    all: readonly { readonly name?: string | undefined }[],
  ): void {
    const { def } = fn;
    const param = name ?? def.params[index]?.name;
    if (param === undefined) {
      const positional = all.filter((a) => a.name === undefined).length;
      this.#fail(at, `${def.name}() takes at most ${def.params.length} positional arguments (${positional} given)`);
    }
    if (!def.params.some((p) => p.name === param))
      this.#fail(at, `${def.name}() got an unexpected keyword argument '${param}'`);
    if (frame.values.has(param)) this.#fail(at, `${def.name}() got multiple values for argument '${param}'`);
    frame.values.set(param, value);
  }

  /** Fills `frame`'s missing parameters from the defaults and runs `fn`'s body in it. */
  #run(fn: StarlarkFunction, frame: Scope, at: At): Value {
    const { def } = fn;
    if (this.#calls >= MAX_CALL_DEPTH)
      this.#fail(at, `calls nested too deeply (more than ${MAX_CALL_DEPTH} levels; Starlark call stack overflow)`);
    for (const param of def.params) {
      if (frame.values.has(param.name)) continue;
      const value = fn.defaults.get(param.name);
      if (value === undefined) this.#fail(at, `${def.name}() missing required argument '${param.name}'`);
      frame.values.set(param.name, value);
    }
    this.#calls++;
    try {
      const completion = this.#block(def.body, frame);
      return typeof completion === 'object' ? completion.value : null;
    } finally {
      this.#calls--;
    }
  }
}
