import { bind, intOf, positional, stringOf } from './arguments.js';
import { dictSet, iterate } from './collections.js';
import { methodNames } from './methods.js';
import {
  BoundMethod,
  Builtin,
  compare,
  Dict,
  fail,
  Range,
  show,
  Tuple,
  truthy,
  typeName,
  type Arguments,
  type Value,
} from './values.js';

function toInt(args: Arguments): bigint {
  const [value, base] = positional(args, 1, 2);
  if (typeof value === 'bigint' && base === undefined) return value;
  if (typeof value === 'boolean' && base === undefined) return value ? 1n : 0n;
  const text = stringOf(value!, 'int() argument', args).trim();
  const radix = base === undefined ? 10 : Number(intOf(base, 'int() base', args));
  const m = /^([+-]?)(0[xX]|0[oO]|0[bB])?([0-9a-zA-Z]+)$/.exec(text);
  const prefix = m?.[2]?.[1]?.toLowerCase();
  const effective = radix === 0 ? (prefix === 'x' ? 16 : prefix === 'o' ? 8 : prefix === 'b' ? 2 : 10) : radix;
  const prefixRadix = prefix === 'x' ? 16 : prefix === 'o' ? 8 : prefix === 'b' ? 2 : undefined;
  const digits = m?.[3] ?? '';
  const ok =
    m !== null &&
    (prefixRadix === undefined || prefixRadix === effective) &&
    effective >= 2 &&
    effective <= 36 &&
    [...digits.toLowerCase()].every((d) => parseInt(d, 36) < effective);
  if (!ok)
    fail(args.file, args.at, `invalid literal for int() with base ${radix}: ${show(value!, true, args.at, args.file)}`);
  let n = 0n;
  for (const d of digits.toLowerCase()) n = n * BigInt(effective) + BigInt(parseInt(d, 36));
  return m[1] === '-' ? -n : n;
}

function range(args: Arguments): Range {
  const values = positional(args, 1, 3).map((v, i) => intOf(v, `range() argument ${i + 1}`, args));
  const [start, stop, step] = values.length === 1 ? [0n, values[0]!, 1n] : [values[0]!, values[1]!, values[2] ?? 1n];
  if (step === 0n) fail(args.file, args.at, 'range() step argument must not be zero');
  return new Range(start, stop, step);
}

function sorted(args: Arguments): Value[] {
  const bound = bind(args, ['iterable', 'key', 'reverse'], 1);
  const items = [...iterate(bound.get('iterable')!.value, args)];
  const key = bound.get('key')?.value;
  const keys = key === undefined ? items : items.map((item) => args.invoke(key, [item]));
  args.charge(Math.ceil(items.length * Math.log2(items.length + 1)));
  const order = items.map((_, i) => i);
  order.sort((a, b) => compare(keys[a]!, keys[b]!, args.at, args.file, () => {}) || a - b);
  const out = order.map((i) => items[i]!);
  return truthy(bound.get('reverse')?.value ?? false) ? out.reverse() : out;
}

function extreme(args: Arguments, sign: 1 | -1): Value {
  const key = args.named.get('key')?.value;
  const rest = new Map([...args.named].filter(([k]) => k !== 'key'));
  const values = positional({ ...args, named: rest }, 1, Infinity);
  const items = values.length === 1 ? iterate(values[0]!, args) : values;
  if (items.length === 0) fail(args.file, args.at, `${args.fn}() arg is an empty sequence`);
  let best: Value = items[0]!;
  let bestKey: Value = key === undefined ? best : args.invoke(key, [best]);
  for (const item of items.slice(1)) {
    const k = key === undefined ? item : args.invoke(key, [item]);
    if (compare(k, bestKey, args.at, args.file, (n) => args.charge(n)) * sign > 0) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

function dict(args: Arguments): Dict {
  const [pairs] = positional({ ...args, named: new Map() }, 0, 1);
  const out = new Dict();
  if (pairs instanceof Dict) for (const { key, value } of pairs.entries.values()) dictSet(out, key, value, args);
  else if (pairs !== undefined)
    for (const pair of iterate(pairs, args)) {
      const kv = Array.isArray(pair) || pair instanceof Tuple ? iterate(pair, args) : undefined;
      if (kv?.length !== 2) fail(args.file, args.at, 'dict() wants pairs of a key and a value');
      dictSet(out, kv[0]!, kv[1]!, args);
    }
  for (const [name, { value }] of args.named) dictSet(out, name, value, args);
  return out;
}

const builtin = (name: string, call: (args: Arguments) => Value) => new Builtin(name, call);

/** Starlark's universe as Codex's `.rules` files have it (GlobalsBuilder::standard: no `print`, no `set`). */
export const UNIVERSE: ReadonlyMap<string, Builtin> = new Map(
  [
    builtin('len', (args) => {
      const [value] = positional(args, 1);
      if (typeof value === 'string') return BigInt(value.length);
      if (value instanceof Range) return BigInt(value.length);
      if (value instanceof Dict) return BigInt(value.size);
      if (Array.isArray(value) || value instanceof Tuple) return BigInt(iterate(value, args).length);
      return fail(args.file, args.at, `len() of a value of type '${typeName(value!)}'`);
    }),
    builtin('str', (args) => show(positional(args, 1)[0]!, false, args.at, args.file)),
    builtin('repr', (args) => show(positional(args, 1)[0]!, true, args.at, args.file)),
    builtin('int', toInt),
    builtin('bool', (args) => truthy(positional(args, 0, 1)[0] ?? false)),
    builtin('type', (args) => typeName(positional(args, 1)[0]!)),
    builtin('range', range),
    builtin('list', (args) => [...iterate(positional(args, 0, 1)[0] ?? [], args)]),
    builtin('tuple', (args) => new Tuple([...iterate(positional(args, 0, 1)[0] ?? [], args)])),
    builtin('dict', dict),
    builtin('enumerate', (args) => {
      const bound = bind(args, ['iterable', 'start'], 1);
      const start = intOf(bound.get('start')?.value ?? 0n, 'enumerate() start', args);
      return iterate(bound.get('iterable')!.value, args).map((item, i) => new Tuple([start + BigInt(i), item]));
    }),
    builtin('zip', (args) => {
      const lists = positional(args, 0, Infinity).map((v) => iterate(v, args));
      const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
      return Array.from({ length: n }, (_, i) => new Tuple(lists.map((l) => l[i]!)));
    }),
    builtin('sorted', sorted),
    builtin('reversed', (args) => [...iterate(positional(args, 1)[0]!, args)].reverse()),
    builtin('min', (args) => extreme(args, -1)),
    builtin('max', (args) => extreme(args, 1)),
    builtin('any', (args) => iterate(positional(args, 1)[0]!, args).some(truthy)),
    builtin('all', (args) => iterate(positional(args, 1)[0]!, args).every(truthy)),
    builtin('abs', (args) => {
      const n = intOf(positional(args, 1)[0]!, 'abs() argument', args);
      return n < 0n ? -n : n;
    }),
    builtin('ord', (args) => {
      const s = stringOf(positional(args, 1)[0]!, 'ord() argument', args);
      if ([...s].length !== 1) fail(args.file, args.at, `ord() expected a string of one character (got ${s.length})`);
      return BigInt(s.codePointAt(0)!);
    }),
    builtin('chr', (args) => {
      const n = intOf(positional(args, 1)[0]!, 'chr() argument', args);
      if (n < 0n || n > 0x10ffffn) fail(args.file, args.at, `chr() argument out of range: ${n}`);
      return String.fromCodePoint(Number(n));
    }),
    builtin('hasattr', (args) => {
      const [value, name] = positional(args, 2);
      return methodNames(value!).includes(stringOf(name!, 'hasattr() name', args));
    }),
    builtin('getattr', (args) => {
      const [value, name, fallback] = positional(args, 2, 3);
      const method = stringOf(name!, 'getattr() name', args);
      if (methodNames(value!).includes(method)) return new BoundMethod(value!, method);
      if (fallback !== undefined) return fallback;
      return fail(args.file, args.at, `'${typeName(value!)}' value has no attribute '${method}'`);
    }),
    builtin('fail', (args) => {
      const sep = args.named.get('sep')?.value ?? ' ';
      const rest = new Map([...args.named].filter(([k]) => k !== 'sep'));
      const parts = positional({ ...args, named: rest }, 0, Infinity).map((v) => show(v, false, args.at, args.file));
      return fail(args.file, args.at, `fail: ${parts.join(typeof sep === 'string' ? sep : ' ')}`);
    }),
  ].map((b) => [b.name, b]),
);
