import { RulesFileError, type Position } from './errors.js';
import type { CallStatement, Expr } from './parser.js';

/** A value of the `.rules` subset: a string, an int, a list, a bool or None (`null`). */
export type Value = string | bigint | boolean | null | readonly Value[];

/** The longest string or list `+` may build; `s = s + s` repeated would otherwise exhaust memory. */
export const MAX_CONCAT_LENGTH = 1 << 22;

/** Starlark's name for a value's type, as used in error messages. */
export function typeName(value: Value): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'boolean') return 'bool';
  return 'list';
}

/** `a + b` for two strings, two lists or two ints; anything else fails at the `+` sign. */
function add(a: Value, b: Value, at: Position, file: string): Value {
  const fail = (reason: string): never => {
    throw new RulesFileError(file, at.line, at.column, reason);
  };
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.length + b.length > MAX_CONCAT_LENGTH) fail(`string too long (more than ${MAX_CONCAT_LENGTH} characters)`);
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length + b.length > MAX_CONCAT_LENGTH) fail(`list too long (more than ${MAX_CONCAT_LENGTH} items)`);
    return [...(a as readonly Value[]), ...(b as readonly Value[])];
  }
  return fail(`unsupported operand types for +: '${typeName(a)}' and '${typeName(b)}'`);
}

/** A value as an f-string field shows it: strings as they are, ints in decimal, True/False/None by name. */
function formatted(value: Value, at: Position, file: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  throw new RulesFileError(file, at.line, at.column, `f-string field must be a string, int or bool (got ${typeName(value)})`);
}

/** The value of an expression; `builtins` are names that may only be called, never read. */
export function evaluate(
  expr: Expr,
  variables: ReadonlyMap<string, Value>,
  builtins: ReadonlySet<string>,
  file: string,
): Value {
  switch (expr.kind) {
    case 'string':
    case 'bool':
      return expr.value;
    case 'none':
      return null;
    case 'int':
      return expr.value;
    case 'sum': {
      let total = evaluate(expr.operands[0]!, variables, builtins, file);
      // A list built by this sum is appended to in place, so a long chain of `+ [x]` stays linear.
      let built: Value[] | undefined;
      for (let i = 1; i < expr.operands.length; i++) {
        const next = evaluate(expr.operands[i]!, variables, builtins, file);
        if (built && Array.isArray(next) && built.length + next.length <= MAX_CONCAT_LENGTH) {
          for (const item of next as readonly Value[]) built.push(item);
          continue;
        }
        total = add(total, next, expr.plus[i - 1]!, file);
        built = Array.isArray(total) ? (total as Value[]) : undefined;
      }
      return total;
    }
    case 'fstring':
      return expr.parts.map((part) => (typeof part === 'string' ? part : formatted(evaluate(part, variables, builtins, file), part, file))).join('');
    case 'list':
      return expr.items.map((item) => evaluate(item, variables, builtins, file));
    case 'name': {
      const value = variables.get(expr.name);
      if (value !== undefined) return value;
      const reason = builtins.has(expr.name)
        ? `builtin \`${expr.name}\` can only be called`
        : `undefined variable \`${expr.name}\``;
      throw new RulesFileError(file, expr.line, expr.column, reason);
    }
  }
}

/** An argument's value and where it was written. */
export interface Bound {
  readonly value: Value;
  readonly at: Position;
}

/**
 * Matches a call's arguments to parameters, Python-style: positionals fill `params` in order, keywords by
 * name. The first `required` parameters must be given; an optional parameter given as None counts as absent.
 */
export function bindArguments(
  call: CallStatement,
  params: readonly string[],
  required: number,
  evaluateArg: (expr: Expr) => Value,
  file: string,
): Map<string, Bound> {
  const fn = call.callee;
  const fail = (at: Position, reason: string): never => {
    throw new RulesFileError(file, at.line, at.column, reason);
  };
  const bound = new Map<string, Bound>();
  let position = 0;
  for (const arg of call.args) {
    let param: string;
    if (arg.name === undefined) {
      const next = params[position++];
      if (next === undefined) {
        return fail(arg, `${fn}() takes at most ${params.length} positional arguments (${call.args.filter((a) => a.name === undefined).length} given)`);
      }
      param = next;
    } else {
      param = arg.name;
      if (!params.includes(param)) fail(arg, `${fn}() got an unexpected keyword argument '${param}'`);
      if (bound.has(param)) fail(arg, `${fn}() got multiple values for argument '${param}'`);
    }
    const value = evaluateArg(arg.value);
    bound.set(param, { value, at: { line: arg.line, column: arg.column } });
  }
  for (const param of params.slice(0, required)) {
    if (!bound.has(param)) fail(call, `${fn}() missing required argument '${param}'`);
  }
  // None for an optional parameter is the same as leaving it out.
  for (const [param, { value }] of bound) if (value === null && params.indexOf(param) >= required) bound.delete(param);
  return bound;
}

/** A string argument, or undefined when absent; any other type is an error. */
export function stringArg(args: ReadonlyMap<string, Bound>, fn: string, param: string, file: string): string | undefined {
  const arg = args.get(param);
  if (arg === undefined || typeof arg.value === 'string') return arg?.value as string | undefined;
  throw new RulesFileError(file, arg.at.line, arg.at.column, `${fn}() argument '${param}' must be a string (got ${typeName(arg.value)})`);
}

/** A list argument, or undefined when absent; any other type is an error. */
export function listArg(
  args: ReadonlyMap<string, Bound>,
  fn: string,
  param: string,
  file: string,
): readonly Value[] | undefined {
  const arg = args.get(param);
  if (arg === undefined || Array.isArray(arg.value)) return arg?.value as readonly Value[] | undefined;
  throw new RulesFileError(file, arg.at.line, arg.at.column, `${fn}() argument '${param}' must be a list (got ${typeName(arg.value)})`);
}
