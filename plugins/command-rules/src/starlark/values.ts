import { RulesFileError, type Position } from './errors.js';
import type { CallStatement, Expr } from './parser.js';

/** A value of the `.rules` subset: a string, a list, a bool or None (`null`). */
export type Value = string | boolean | null | readonly Value[];

/** Starlark's name for a value's type, as used in error messages. */
export function typeName(value: Value): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return 'list';
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
