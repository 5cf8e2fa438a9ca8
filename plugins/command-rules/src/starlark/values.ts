import { RulesFileError, type Position } from './errors.js';
import { StarlarkFunction } from './scope.js';

/** An immutable sequence: `(a, b)`. */
export class Tuple {
  constructor(readonly items: readonly Value[]) {}
}

/** `range(start, stop, step)`: a sequence of ints that is never built unless asked to. */
export class Range {
  readonly length: number;
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {
    const span = step > 0n ? stop - start : start - stop;
    const by = step > 0n ? step : -step;
    this.length = span <= 0n ? 0 : Number((span + by - 1n) / by);
  }

  at(i: number): bigint {
    return this.start + BigInt(i) * this.step;
  }
}

/** A dict: insertion-ordered entries keyed by a hashable value (string, int, bool, None or a tuple of those). */
export class Dict {
  readonly entries = new Map<string, { readonly key: Value; value: Value }>();

  get size(): number {
    return this.entries.size;
  }

  keys(): Value[] {
    return [...this.entries.values()].map((e) => e.key);
  }
}

/** A function the dialect provides (`len`, `prefix_rule`), callable like any other value. */
export class Builtin {
  constructor(
    readonly name: string,
    readonly call: (args: Arguments) => Value,
  ) {}
}

/** A method looked up on a value (`"a,b".split`), called at once. */
export class BoundMethod {
  constructor(
    readonly receiver: Value,
    readonly name: string,
  ) {}
}

/** A value of the `.rules` dialect: a string, an int, a bool, None (`null`), a list, a tuple, a dict, a range or a function. */
export type Value =
  string | bigint | boolean | null | Value[] | Tuple | Dict | Range | StarlarkFunction | Builtin | BoundMethod;

/** An argument as passed: its value and where it was written. */
export interface Bound {
  readonly value: Value;
  readonly at: Position;
}

/** A call's evaluated arguments: positional ones in order, keywords by name, and where the call is. */
export interface Arguments {
  readonly fn: string;
  readonly positional: readonly Bound[];
  readonly named: ReadonlyMap<string, Bound>;
  readonly at: Position;
  readonly file: string;
  /** Charges evaluation steps (long strings and lists cost more). */
  readonly charge: (steps: number) => void;
  /** Calls a function value (a `key =` function of `sorted`, say) from inside a builtin. */
  readonly invoke: (fn: Value, args: readonly Value[]) => Value;
}

/** The longest string or list an operation may build; `s = s + s` repeated would otherwise exhaust memory. */
export const MAX_CONCAT_LENGTH = 1 << 22;

/** Fails at `at` in `file`. */
export function fail(file: string, at: Position, reason: string): never {
  throw new RulesFileError(file, at.line, at.column, reason);
}

/** Starlark's name for a value's type, as `type()` and error messages give it. */
export function typeName(value: Value): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Tuple) return 'tuple';
  if (value instanceof Dict) return 'dict';
  if (value instanceof Range) return 'range';
  if (value instanceof StarlarkFunction) return 'function';
  return 'builtin_function_or_method';
}

/** Starlark truth: False, None, 0 and empty strings, lists, tuples, dicts and ranges are false. */
export function truthy(value: Value): boolean {
  if (value === null || typeof value === 'boolean') return value === true;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
  if (value instanceof Tuple) return value.items.length > 0;
  if (value instanceof Dict) return value.size > 0;
  if (value instanceof Range) return value.length > 0;
  return true;
}

/** The items of a list, a tuple or a range (built), or undefined for anything else. */
export function sequence(value: Value): readonly Value[] | undefined {
  if (Array.isArray(value)) return value;
  if (value instanceof Tuple) return value.items;
  if (value instanceof Range) return Array.from({ length: value.length }, (_, i) => value.at(i));
  return undefined;
}

/** The key under which a dict files `value`, or undefined when the value cannot be a key (a list or a dict). */
export function hashKey(value: Value): string | undefined {
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'bigint') return `i${value}`;
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (value === null) return 'N';
  if (value instanceof Tuple) {
    const parts: string[] = [];
    for (const item of value.items) {
      const key = hashKey(item);
      if (key === undefined) return undefined;
      parts.push(`${key.length}:${key}`);
    }
    return `t${parts.join('')}`;
  }
  return undefined;
}

/** `a == b`: same type and value, lists, tuples and dicts item by item; `charge` is told of each pair compared. */
export function equals(a: Value, b: Value, charge: (steps: number) => void): boolean {
  charge(1);
  if (a === b) return true;
  if (Array.isArray(a) || a instanceof Tuple || a instanceof Range) {
    if (Array.isArray(a) !== Array.isArray(b) || a instanceof Tuple !== b instanceof Tuple) return false;
    if (a instanceof Range !== b instanceof Range) return false;
    const x = sequence(a)!;
    const y = sequence(b);
    if (y === undefined || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equals(x[i]!, y[i]!, charge)) return false;
    return true;
  }
  if (a instanceof Dict) {
    if (!(b instanceof Dict) || a.size !== b.size) return false;
    for (const [key, entry] of a.entries) {
      const other = b.entries.get(key);
      if (other === undefined || !equals(entry.value, other.value, charge)) return false;
    }
    return true;
  }
  return false;
}

/** `-1`, `0` or `1` as `a` sorts before, with or after `b`: ints with ints, strings with strings, sequences item by item. */
export function compare(a: Value, b: Value, at: Position, file: string, charge: (steps: number) => void): number {
  charge(1);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = Array.isArray(a) || a instanceof Tuple ? sequence(a) : undefined;
  const y =
    Array.isArray(b) === Array.isArray(a) && b instanceof Tuple === a instanceof Tuple ? sequence(b) : undefined;
  if (x !== undefined && y !== undefined) {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const c = compare(x[i]!, y[i]!, at, file, charge);
      if (c !== 0) return c;
    }
    return x.length - y.length;
  }
  return fail(file, at, `unsupported comparison between '${typeName(a)}' and '${typeName(b)}'`);
}

/** `item in container`: a substring, an item of a list, tuple or range, or a key of a dict. */
export function contains(
  container: Value,
  item: Value,
  at: Position,
  file: string,
  charge: (steps: number) => void,
): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') fail(file, at, `'in <string>' requires a string on the left (got ${typeName(item)})`);
    charge(Math.floor(container.length / 32));
    return container.includes(item);
  }
  if (container instanceof Dict) {
    const key = hashKey(item);
    if (key === undefined) fail(file, at, `unhashable type: '${typeName(item)}'`);
    return container.entries.has(key);
  }
  if (container instanceof Range) {
    if (typeof item !== 'bigint') return false;
    const offset = item - container.start;
    const index = offset / container.step;
    return offset % container.step === 0n && index >= 0n && index < BigInt(container.length);
  }
  const items = Array.isArray(container) || container instanceof Tuple ? sequence(container)! : undefined;
  if (items === undefined)
    return fail(file, at, `'in' requires a list, tuple, dict or string on the right (got ${typeName(container)})`);
  return items.some((value) => equals(value, item, charge));
}

/** A string as Starlark quotes it (`repr`): double quotes, with escapes. */
function quote(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}"`;
}

/** How `str()` shows a value (`repr` when `quoted`: strings in quotes), within `budget` characters. */
export function show(value: Value, quoted: boolean, at: Position, file: string): string {
  const out: string[] = [];
  let length = 0;
  const push = (text: string) => {
    length += text.length;
    if (length > MAX_CONCAT_LENGTH) fail(file, at, `string too long (more than ${MAX_CONCAT_LENGTH} characters)`);
    out.push(text);
  };
  const walk = (v: Value, quote_: boolean, depth: number): void => {
    if (depth > 64) fail(file, at, 'value nested too deeply to show');
    if (typeof v === 'string') return push(quote_ ? quote(v) : v);
    if (typeof v === 'bigint') return push(v.toString());
    if (typeof v === 'boolean') return push(v ? 'True' : 'False');
    if (v === null) return push('None');
    if (Array.isArray(v) || v instanceof Tuple) {
      const items = sequence(v)!;
      push(Array.isArray(v) ? '[' : '(');
      items.forEach((item, i) => {
        if (i > 0) push(', ');
        walk(item, true, depth + 1);
      });
      return push(Array.isArray(v) ? ']' : items.length === 1 ? ',)' : ')');
    }
    if (v instanceof Dict) {
      push('{');
      let first = true;
      for (const { key, value } of v.entries.values()) {
        if (!first) push(', ');
        first = false;
        walk(key, true, depth + 1);
        push(': ');
        walk(value, true, depth + 1);
      }
      return push('}');
    }
    if (v instanceof Range) return push(`range(${v.start}, ${v.stop}${v.step === 1n ? '' : `, ${v.step}`})`);
    if (v instanceof StarlarkFunction) return push(`<function ${v.def.name}>`);
    if (v instanceof Builtin) return push(`<built-in function ${v.name}>`);
    return push(`<built-in method ${v.name} of ${typeName(v.receiver)} value>`);
  };
  walk(value, quoted, 0);
  return out.join('');
}
