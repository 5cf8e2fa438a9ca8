import {
  Dict,
  fail,
  hashKey,
  MAX_CONCAT_LENGTH,
  Range,
  Tuple,
  typeName,
  type Arguments,
  type Value,
} from './values.js';

/** The items of anything a loop can go over: a list, tuple or range, or a dict's keys; strings are not iterable in Starlark. */
export function iterate(value: Value, args: Pick<Arguments, 'file' | 'at'>): readonly Value[] {
  if (Array.isArray(value)) return value;
  if (value instanceof Tuple) return value.items;
  if (value instanceof Dict) return value.keys();
  if (value instanceof Range) {
    if (value.length > MAX_CONCAT_LENGTH)
      fail(args.file, args.at, `range too long (more than ${MAX_CONCAT_LENGTH} items)`);
    return Array.from({ length: value.length }, (_, i) => value.at(i));
  }
  return fail(args.file, args.at, `${typeName(value)} is not iterable (lists, tuples, dicts and ranges are)`);
}

/** Puts `value` under `key` in `dict`, failing at the call for a key that cannot be hashed. */
export function dictSet(dict: Dict, key: Value, value: Value, args: Pick<Arguments, 'file' | 'at'>): void {
  const hash = hashKey(key);
  if (hash === undefined) fail(args.file, args.at, `unhashable type: '${typeName(key)}'`);
  const entry = dict.entries.get(hash);
  if (entry) entry.value = value;
  else dict.entries.set(hash, { key, value });
}

type Where = Pick<Arguments, 'file' | 'at'>;

/** A sequence index, negative ones counting from the end; out of range is an error. */
function position(length: number, index: Value, what: string, where: Where): number {
  if (typeof index !== 'bigint') fail(where.file, where.at, `${what} indices must be ints (got ${typeName(index)})`);
  const i = Number(index);
  const at = i < 0 ? length + i : i;
  if (at < 0 || at >= length) fail(where.file, where.at, `index ${index} out of range for a ${what} of ${length}`);
  return at;
}

/** `container[index]`: an item of a list, tuple, range or string (a character), or a dict's value for a key. */
export function getItem(container: Value, index: Value, where: Where): Value {
  if (container instanceof Dict) {
    const hash = hashKey(index);
    if (hash === undefined) fail(where.file, where.at, `unhashable type: '${typeName(index)}'`);
    const entry = container.entries.get(hash);
    if (entry === undefined) fail(where.file, where.at, `key not found in dict: ${typeName(index)}`);
    return entry.value;
  }
  if (typeof container === 'string') return container[position(container.length, index, 'string', where)]!;
  if (Array.isArray(container)) return container[position(container.length, index, 'list', where)]!;
  if (container instanceof Tuple) return container.items[position(container.items.length, index, 'tuple', where)]!;
  if (container instanceof Range) return container.at(position(container.length, index, 'range', where));
  return fail(where.file, where.at, `'${typeName(container)}' value cannot be indexed`);
}

/** `container[index] = value` for a list or a dict (strings and tuples cannot change). */
export function setItem(container: Value, index: Value, value: Value, where: Where): void {
  if (container instanceof Dict) return dictSet(container, index, value, where);
  if (Array.isArray(container)) {
    container[position(container.length, index, 'list', where)] = value;
    return;
  }
  fail(where.file, where.at, `'${typeName(container)}' value does not support item assignment`);
}

/** The indexes `[start:stop:step]` picks from a sequence of `length`, as Python computes them. */
function indexes(length: number, start: Value, stop: Value, step: Value, where: Where): number[] {
  const int = (v: Value, what: string) => {
    if (v === null) return undefined;
    if (typeof v !== 'bigint') fail(where.file, where.at, `slice ${what} must be an int or None (got ${typeName(v)})`);
    return Number(v);
  };
  const by = int(step, 'step') ?? 1;
  if (by === 0) fail(where.file, where.at, 'slice step cannot be zero');
  const clamp = (v: number | undefined, fallback: number, low: number, high: number) => {
    if (v === undefined) return fallback;
    const w = v < 0 ? v + length : v;
    return Math.min(Math.max(w, low), high);
  };
  const from =
    by > 0 ? clamp(int(start, 'start'), 0, 0, length) : clamp(int(start, 'start'), length - 1, -1, length - 1);
  const to = by > 0 ? clamp(int(stop, 'stop'), length, 0, length) : clamp(int(stop, 'stop'), -1, -1, length - 1);
  const out: number[] = [];
  for (let i = from; by > 0 ? i < to : i > to; i += by) {
    if (out.length >= MAX_CONCAT_LENGTH)
      fail(where.file, where.at, `slice too long (more than ${MAX_CONCAT_LENGTH} items)`);
    out.push(i);
  }
  return out;
}

/** `container[start:stop:step]` of a string, list, tuple or range, as a value of the same kind (a range as a list). */
export function slice(container: Value, start: Value, stop: Value, step: Value, where: Where): Value {
  if (typeof container === 'string') {
    const picked = indexes(container.length, start, stop, step, where);
    return picked.map((i) => container[i]).join('');
  }
  if (Array.isArray(container) || container instanceof Tuple || container instanceof Range) {
    const length =
      container instanceof Range
        ? container.length
        : Array.isArray(container)
          ? container.length
          : container.items.length;
    const item = (i: number) =>
      container instanceof Range ? container.at(i) : Array.isArray(container) ? container[i]! : container.items[i]!;
    const picked = indexes(length, start, stop, step, where).map(item);
    return container instanceof Tuple ? new Tuple(picked) : picked;
  }
  return fail(where.file, where.at, `'${typeName(container)}' value cannot be sliced`);
}
