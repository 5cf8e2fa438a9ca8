import type { CallStatement, Expr } from './ast.js';
import { RulesFileError, type Position } from './errors.js';
import { StarlarkFunction } from './scope.js';

/** A value of the `.rules` subset: a string, an int, a list, a bool, None (`null`) or a function. */
export type Value = string | bigint | boolean | null | readonly Value[] | StarlarkFunction;

/** The longest string or list `+` may build; `s = s + s` repeated would otherwise exhaust memory. */
export const MAX_CONCAT_LENGTH = 1 << 22;

/** Starlark's name for a value's type, as used in error messages. */
export function typeName(value: Value): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'boolean') return 'bool';
  return value instanceof StarlarkFunction ? 'function' : 'list';
}

/** Starlark truth: False, None, 0 and empty strings and lists are false; everything else is true. */
export function truthy(value: Value): boolean {
  if (value === null || typeof value === 'boolean') return value === true;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  return true;
}

/** `a == b`: same type and value, lists item by item (without recursion); `charge` is told of each pair of values compared. */
export function equals(a: Value, b: Value, charge: (steps: number) => void): boolean {
  const same = (x: Value, y: Value) => x === y || (Array.isArray(x) && Array.isArray(y) && x.length === y.length);
  charge(1);
  if (!same(a, b)) return false;
  const stack: { readonly x: readonly Value[]; readonly y: readonly Value[]; i: number }[] = [];
  if (Array.isArray(a) && a !== b) stack.push({ x: a, y: b as readonly Value[], i: 0 });
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.i === top.x.length) {
      stack.pop();
      continue;
    }
    const x = top.x[top.i]!;
    const y = top.y[top.i]!;
    top.i++;
    charge(1);
    if (!same(x, y)) return false;
    if (Array.isArray(x) && x !== y) stack.push({ x, y: y as readonly Value[], i: 0 });
  }
  return true;
}

/** `item in container`: a substring of a string, or an item of a list; anything else fails at `at`. */
export function contains(
  container: Value,
  item: Value,
  at: Position,
  file: string,
  charge: (steps: number) => void,
): boolean {
  const fail = (reason: string): never => {
    throw new RulesFileError(file, at.line, at.column, reason);
  };
  if (typeof container === 'string') {
    if (typeof item !== 'string') fail(`'in <string>' requires a string on the left (got ${typeName(item)})`);
    charge(Math.floor(container.length / 32));
    return container.includes(item as string);
  }
  if (!Array.isArray(container))
    return fail(`'in' requires a list or string on the right (got ${typeName(container)})`);
  return (container as readonly Value[]).some((value) => equals(value, item, charge));
}

/** `a + b` for two strings, two lists or two ints; anything else fails at the `+` sign. */
export function add(a: Value, b: Value, at: Position, file: string): Value {
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
export function formatted(value: Value, at: Position, file: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null) return 'None';
  throw new RulesFileError(
    file,
    at.line,
    at.column,
    `f-string field must be a string, int or bool (got ${typeName(value)})`,
  );
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
        return fail(
          arg,
          `${fn}() takes at most ${params.length} positional arguments (${call.args.filter((a) => a.name === undefined).length} given)`,
        );
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
export function stringArg(
  args: ReadonlyMap<string, Bound>,
  fn: string,
  param: string,
  file: string,
): string | undefined {
  const arg = args.get(param);
  if (arg === undefined || typeof arg.value === 'string') return arg?.value as string | undefined;
  throw new RulesFileError(
    file,
    arg.at.line,
    arg.at.column,
    `${fn}() argument '${param}' must be a string (got ${typeName(arg.value)})`,
  );
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
  throw new RulesFileError(
    file,
    arg.at.line,
    arg.at.column,
    `${fn}() argument '${param}' must be a list (got ${typeName(arg.value)})`,
  );
}
