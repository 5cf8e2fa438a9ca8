import type { Position } from './errors.js';
import { percent } from './format.js';
import { fail, MAX_CONCAT_LENGTH, Tuple, typeName, type Value } from './values.js';

/** The arithmetic operators of the dialect (`/`, true division, would make floats, which `.rules` files do not have). */
export type ArithmeticOp = '-' | '*' | '//' | '%';

const tooLong = (file: string, at: Position, what: 'string' | 'list' | 'tuple'): never =>
  fail(file, at, `${what} too long (more than ${MAX_CONCAT_LENGTH} ${what === 'string' ? 'characters' : 'items'})`);

/** `a + b` for two ints, strings, lists, tuples or dicts (a new dict, `b` winning); anything else fails at the `+`. */
export function add(a: Value, b: Value, at: Position, file: string): Value {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b;
  if (typeof a === 'string' && typeof b === 'string') {
    if (a.length + b.length > MAX_CONCAT_LENGTH) tooLong(file, at, 'string');
    return a + b;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length + b.length > MAX_CONCAT_LENGTH) tooLong(file, at, 'list');
    return [...a, ...b];
  }
  if (a instanceof Tuple && b instanceof Tuple) {
    if (a.items.length + b.items.length > MAX_CONCAT_LENGTH) tooLong(file, at, 'tuple');
    return new Tuple([...a.items, ...b.items]);
  }
  return fail(file, at, `unsupported operand types for +: '${typeName(a)}' and '${typeName(b)}'`);
}

/** Floor division and modulo as Starlark (and Python) define them: the quotient rounds down, the remainder takes the divisor's sign. */
function floorDivMod(a: bigint, b: bigint, at: Position, file: string): [bigint, bigint] {
  if (b === 0n) fail(file, at, a === 0n ? 'division by zero' : 'integer division or modulo by zero');
  let q = a / b;
  let r = a % b;
  if (r !== 0n && r < 0n !== b < 0n) {
    q -= 1n;
    r += b;
  }
  return [q, r];
}

/** `s * n`, `list * n`, `tuple * n` (either order): the sequence repeated, nothing for `n <= 0`. */
function repeat(seq: Value, times: bigint, at: Position, file: string): Value | undefined {
  const n = times <= 0n ? 0 : times;
  const length =
    typeof seq === 'string'
      ? seq.length
      : Array.isArray(seq)
        ? seq.length
        : seq instanceof Tuple
          ? seq.items.length
          : -1;
  if (length < 0) return undefined;
  if (length > 0 && BigInt(length) * BigInt(n) > BigInt(MAX_CONCAT_LENGTH))
    tooLong(file, at, typeof seq === 'string' ? 'string' : Array.isArray(seq) ? 'list' : 'tuple');
  const count = Number(n);
  if (typeof seq === 'string') return seq.repeat(count);
  const items = Array.isArray(seq) ? seq : (seq as Tuple).items;
  const out: Value[] = [];
  for (let i = 0; i < count; i++) out.push(...items);
  return Array.isArray(seq) ? out : new Tuple(out);
}

/** `a op b` for `-`, `*`, `//` and `%`: int arithmetic, sequence repetition and `%` string formatting. */
export function arithmetic(op: ArithmeticOp, a: Value, b: Value, at: Position, file: string): Value {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (op === '-') return a - b;
    if (op === '*') {
      const product = a * b;
      // Keep ints to a sane size: a loop of `x = x * x` would otherwise run the machine out of memory.
      if (product > 1n << 4096n || product < -(1n << 4096n)) fail(file, at, 'int too large');
      return product;
    }
    const [q, r] = floorDivMod(a, b, at, file);
    return op === '//' ? q : r;
  }
  if (op === '*') {
    const repeated =
      typeof b === 'bigint' ? repeat(a, b, at, file) : typeof a === 'bigint' ? repeat(b, a, at, file) : undefined;
    if (repeated !== undefined) return repeated;
  }
  if (op === '%' && typeof a === 'string') return percent(a, b, at, file);
  return fail(file, at, `unsupported operand types for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

/** `-x` and `+x` for ints. */
export function unary(op: '-' | '+', value: Value, at: Position, file: string): Value {
  if (typeof value === 'bigint') return op === '-' ? -value : value;
  return fail(file, at, `unsupported operand type for unary ${op}: '${typeName(value)}'`);
}
