import { fail, typeName, type Arguments, type Bound, type Value } from './values.js';

/**
 * Matches a call's arguments to parameters, Python-style: positionals fill `params` in order, keywords by name.
 * The first `required` parameters must be given; an optional parameter given as None counts as absent.
 */
export function bind(args: Arguments, params: readonly string[], required: number): Map<string, Bound> {
  const { fn, file, positional } = args;
  const bound = new Map<string, Bound>();
  for (let i = 0; i < positional.length; i++) {
    const param = params[i];
    if (param === undefined)
      fail(
        file,
        positional[i]!.at,
        `${fn}() takes at most ${params.length} positional arguments (${positional.length} given)`,
      );
    bound.set(param, positional[i]!);
  }
  for (const [name, arg] of args.named) {
    if (!params.includes(name)) fail(file, arg.at, `${fn}() got an unexpected keyword argument '${name}'`);
    if (bound.has(name)) fail(file, arg.at, `${fn}() got multiple values for argument '${name}'`);
    bound.set(name, arg);
  }
  for (let i = 0; i < required; i++) {
    if (!bound.has(params[i]!)) fail(file, args.at, `${fn}() missing required argument '${params[i]}'`);
  }
  // None for an optional parameter is the same as leaving it out.
  for (const [param, { value }] of bound) if (value === null && params.indexOf(param) >= required) bound.delete(param);
  return bound;
}

/** The parts of a call's arguments that checking them needs. */
type Given = Pick<Arguments, 'fn' | 'file' | 'at' | 'positional' | 'named'>;

/** The positional arguments of a builtin that takes no keywords, between `min` and `max` of them. */
export function positional(args: Given, min: number, max = min): Value[] {
  const { fn, file } = args;
  const first = args.named.values().next().value;
  if (first !== undefined) fail(file, first.at, `${fn}() takes no keyword arguments`);
  const n = args.positional.length;
  if (n < min || n > max) {
    const wanted = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    fail(file, args.at, `${fn}() takes ${wanted} positional argument${max === 1 ? '' : 's'} (${n} given)`);
  }
  return args.positional.map((a) => a.value);
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
  return fail(file, arg.at, `${fn}() argument '${param}' must be a string (got ${typeName(arg.value)})`);
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
  return fail(file, arg.at, `${fn}() argument '${param}' must be a list (got ${typeName(arg.value)})`);
}

/** An int argument (bools are not ints in Starlark). */
export function intOf(value: Value, what: string, args: Arguments): bigint {
  if (typeof value !== 'bigint') fail(args.file, args.at, `${what} must be an int (got ${typeName(value)})`);
  return value;
}

/** A string argument. */
export function stringOf(value: Value, what: string, args: Arguments): string {
  if (typeof value !== 'string') fail(args.file, args.at, `${what} must be a string (got ${typeName(value)})`);
  return value;
}
