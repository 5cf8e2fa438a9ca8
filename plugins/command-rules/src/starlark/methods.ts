import { bind, intOf, positional, stringOf } from './arguments.js';
import { dictSet, iterate } from './collections.js';
import { strFormat } from './format.js';
import {
  Dict,
  equals,
  fail,
  hashKey,
  MAX_CONCAT_LENGTH,
  Tuple,
  typeName,
  type Arguments,
  type Value,
} from './values.js';

type Method<T> = (self: T, args: Arguments) => Value;

const WHITESPACE = /\s+/;

function splitString(self: string, args: Arguments, fromRight: boolean): Value[] {
  const bound = bind(args, ['sep', 'maxsplit'], 0);
  const sep = bound.get('sep')?.value;
  const max = bound.has('maxsplit') ? Number(intOf(bound.get('maxsplit')!.value, 'maxsplit', args)) : -1;
  args.charge(Math.floor(self.length / 32));
  if (sep === undefined) {
    const words = self.split(WHITESPACE).filter((w) => w !== '');
    if (max < 0 || words.length <= max + 1) return words;
    // Split at most `max` times, keeping the rest (its inner whitespace) as the last word.
    const trimmed = fromRight ? self.trimEnd() : self.trimStart();
    const out: string[] = [];
    let rest = trimmed;
    for (let i = 0; i < max; i++) {
      const m = fromRight ? /\s+(\S+)$/.exec(rest) : /^(\S+)\s+/.exec(rest);
      if (!m) break;
      out.push(m[1]!);
      rest = fromRight ? rest.slice(0, m.index) : rest.slice(m[0].length);
    }
    out.push(fromRight ? rest.trimStart() : rest.trimEnd());
    return fromRight ? out.reverse() : out;
  }
  const s = stringOf(sep, 'split() separator', args);
  if (s === '') fail(args.file, args.at, 'empty separator');
  const parts = self.split(s);
  if (max < 0 || parts.length <= max + 1) return parts;
  return fromRight
    ? [parts.slice(0, parts.length - max).join(s), ...parts.slice(parts.length - max)]
    : [...parts.slice(0, max), parts.slice(max).join(s)];
}

function strip(self: string, args: Arguments, where: 'both' | 'start' | 'end'): string {
  const [chars] = positional(args, 0, 1);
  if (chars === undefined || chars === null)
    return where === 'both' ? self.trim() : where === 'start' ? self.trimStart() : self.trimEnd();
  const set = new Set(stringOf(chars, 'strip() argument', args));
  let start = 0;
  let end = self.length;
  if (where !== 'end') while (start < end && set.has(self[start]!)) start++;
  if (where !== 'start') while (end > start && set.has(self[end - 1]!)) end--;
  return self.slice(start, end);
}

/** `prefix` as a string, or a tuple of strings any of which may match. */
function affixes(value: Value, args: Arguments): string[] {
  if (value instanceof Tuple) return value.items.map((v) => stringOf(v, `${args.fn}() prefix`, args));
  return [stringOf(value, `${args.fn}() argument`, args)];
}

function checked(text: string, args: Arguments): string {
  if (text.length > MAX_CONCAT_LENGTH)
    fail(args.file, args.at, `string too long (more than ${MAX_CONCAT_LENGTH} characters)`);
  return text;
}

const STRING: Readonly<Record<string, Method<string>>> = {
  lower: (s, a) => (positional(a, 0), s.toLowerCase()),
  upper: (s, a) => (positional(a, 0), s.toUpperCase()),
  capitalize: (s, a) => (positional(a, 0), s.charAt(0).toUpperCase() + s.slice(1).toLowerCase()),
  title: (s, a) => (
    positional(a, 0),
    s.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_, p, c: string) => p + c.toUpperCase())
  ),
  split: (s, a) => splitString(s, a, false),
  rsplit: (s, a) => splitString(s, a, true),
  splitlines: (s, a) => {
    const [keep] = positional(a, 0, 1);
    const lines = s.split(/(?<=\r\n|\n|\r)/);
    return keep === true ? lines : lines.map((l) => l.replace(/\r?\n$|\r$/, ''));
  },
  join: (s, a) => {
    const items = iterate(positional(a, 1)[0]!, a).map((v) => stringOf(v, 'join() item', a));
    a.charge(Math.floor(items.length / 8));
    return checked(items.join(s), a);
  },
  startswith: (s, a) => affixes(positional(a, 1)[0]!, a).some((p) => s.startsWith(p)),
  endswith: (s, a) => affixes(positional(a, 1)[0]!, a).some((p) => s.endsWith(p)),
  strip: (s, a) => strip(s, a, 'both'),
  lstrip: (s, a) => strip(s, a, 'start'),
  rstrip: (s, a) => strip(s, a, 'end'),
  removeprefix: (s, a) => {
    const p = stringOf(positional(a, 1)[0]!, 'removeprefix() argument', a);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s, a) => {
    const p = stringOf(positional(a, 1)[0]!, 'removesuffix() argument', a);
    return p !== '' && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
  replace: (s, a) => {
    const [old, replacement, count] = positional(a, 2, 3);
    const from = stringOf(old!, 'replace() old', a);
    const to = stringOf(replacement!, 'replace() new', a);
    const n = count === undefined ? -1 : Number(intOf(count, 'replace() count', a));
    a.charge(Math.floor(s.length / 32));
    if (n < 0) return checked(s.split(from).join(to), a);
    const parts = s.split(from);
    return checked([...parts.slice(0, n), parts.slice(n).join(from)].join(to), a);
  },
  format: (s, a) => {
    const named = new Map([...a.named].map(([k, v]) => [k, v.value]));
    return strFormat(
      s,
      a.positional.map((p) => p.value),
      named,
      a.at,
      a.file,
    );
  },
  find: (s, a) => BigInt(s.indexOf(stringOf(positional(a, 1)[0]!, 'find() argument', a))),
  rfind: (s, a) => BigInt(s.lastIndexOf(stringOf(positional(a, 1)[0]!, 'rfind() argument', a))),
  index: (s, a) => {
    const i = s.indexOf(stringOf(positional(a, 1)[0]!, 'index() argument', a));
    return i < 0 ? fail(a.file, a.at, 'substring not found') : BigInt(i);
  },
  count: (s, a) => {
    const sub = stringOf(positional(a, 1)[0]!, 'count() argument', a);
    return BigInt(sub === '' ? s.length + 1 : s.split(sub).length - 1);
  },
  partition: (s, a) => {
    const sep = stringOf(positional(a, 1)[0]!, 'partition() argument', a);
    if (sep === '') fail(a.file, a.at, 'empty separator');
    const i = s.indexOf(sep);
    return new Tuple(i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s, a) => {
    const sep = stringOf(positional(a, 1)[0]!, 'rpartition() argument', a);
    if (sep === '') fail(a.file, a.at, 'empty separator');
    const i = s.lastIndexOf(sep);
    return new Tuple(i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  isdigit: (s, a) => (positional(a, 0), /^[0-9]+$/.test(s)),
  isalpha: (s, a) => (positional(a, 0), /^\p{L}+$/u.test(s)),
  isalnum: (s, a) => (positional(a, 0), /^[\p{L}\p{N}]+$/u.test(s)),
  isspace: (s, a) => (positional(a, 0), /^\s+$/.test(s)),
  islower: (s, a) => (positional(a, 0), /\p{Ll}/u.test(s) && s === s.toLowerCase()),
  isupper: (s, a) => (positional(a, 0), /\p{Lu}/u.test(s) && s === s.toUpperCase()),
  elems: (s, a) => (positional(a, 0), [...s]),
};

/** An index of a list, negative ones counting from the end; out of range is an error. */
function listIndex(list: readonly Value[], value: Value, a: Arguments): number {
  const i = Number(intOf(value, 'index', a));
  const at = i < 0 ? list.length + i : i;
  if (at < 0 || at >= list.length) fail(a.file, a.at, `index ${i} out of range for a list of ${list.length}`);
  return at;
}

const LIST: Readonly<Record<string, Method<Value[]>>> = {
  append: (l, a) => {
    if (l.length >= MAX_CONCAT_LENGTH) fail(a.file, a.at, `list too long (more than ${MAX_CONCAT_LENGTH} items)`);
    l.push(positional(a, 1)[0]!);
    return null;
  },
  extend: (l, a) => {
    const items = iterate(positional(a, 1)[0]!, a);
    if (l.length + items.length > MAX_CONCAT_LENGTH)
      fail(a.file, a.at, `list too long (more than ${MAX_CONCAT_LENGTH} items)`);
    a.charge(Math.floor(items.length / 32));
    l.push(...items);
    return null;
  },
  insert: (l, a) => {
    const [index, value] = positional(a, 2);
    const i = Number(intOf(index!, 'insert() index', a));
    l.splice(i < 0 ? Math.max(0, l.length + i) : Math.min(i, l.length), 0, value!);
    return null;
  },
  pop: (l, a) => {
    const [index] = positional(a, 0, 1);
    if (l.length === 0) fail(a.file, a.at, 'pop from an empty list');
    return l.splice(listIndex(l, index ?? -1n, a), 1)[0]!;
  },
  remove: (l, a) => {
    const [value] = positional(a, 1);
    const i = l.findIndex((item) => equals(item, value!, (n) => a.charge(n)));
    if (i < 0) fail(a.file, a.at, 'list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const [value] = positional(a, 1);
    const i = l.findIndex((item) => equals(item, value!, (n) => a.charge(n)));
    return i < 0 ? fail(a.file, a.at, 'value not found in list') : BigInt(i);
  },
  clear: (l, a) => (positional(a, 0), l.splice(0), null),
};

function key(d: Dict, k: Value, a: Arguments): string {
  const hash = hashKey(k);
  return hash === undefined ? fail(a.file, a.at, `unhashable type: '${typeName(k)}'`) : hash;
}

const DICT: Readonly<Record<string, Method<Dict>>> = {
  get: (d, a) => {
    const [k, fallback] = positional(a, 1, 2);
    return d.entries.get(key(d, k!, a))?.value ?? fallback ?? null;
  },
  keys: (d, a) => (positional(a, 0), d.keys()),
  values: (d, a) => (positional(a, 0), [...d.entries.values()].map((e) => e.value)),
  items: (d, a) => (positional(a, 0), [...d.entries.values()].map((e) => new Tuple([e.key, e.value]))),
  pop: (d, a) => {
    const [k, fallback] = positional(a, 1, 2);
    const hash = key(d, k!, a);
    const entry = d.entries.get(hash);
    if (entry === undefined)
      return fallback !== undefined ? fallback : fail(a.file, a.at, `key ${typeName(k!)} not found in dict`);
    d.entries.delete(hash);
    return entry.value;
  },
  setdefault: (d, a) => {
    const [k, fallback] = positional(a, 1, 2);
    const entry = d.entries.get(key(d, k!, a));
    if (entry) return entry.value;
    dictSet(d, k!, fallback ?? null, a);
    return fallback ?? null;
  },
  update: (d, a) => {
    const [other] = positional({ ...a, named: new Map() }, 0, 1);
    if (other instanceof Dict) for (const e of other.entries.values()) dictSet(d, e.key, e.value, a);
    else if (other !== undefined)
      for (const pair of iterate(other, a)) {
        const kv = pair instanceof Tuple || Array.isArray(pair) ? iterate(pair, a) : [];
        if (kv.length !== 2) fail(a.file, a.at, 'update() wants pairs of a key and a value');
        dictSet(d, kv[0]!, kv[1]!, a);
      }
    for (const [name, { value }] of a.named) dictSet(d, name, value, a);
    return null;
  },
  clear: (d, a) => (positional(a, 0), d.entries.clear(), null),
};

function table(value: Value): Readonly<Record<string, Method<never>>> | undefined {
  if (typeof value === 'string') return STRING;
  if (Array.isArray(value)) return LIST;
  if (value instanceof Dict) return DICT;
  return undefined;
}

/** The methods a value has. */
export function methodNames(value: Value): string[] {
  return Object.keys(table(value) ?? {});
}

/** Calls `receiver.name(args)`. */
export function callMethod(receiver: Value, name: string, args: Arguments): Value {
  const method = table(receiver)?.[name];
  if (method === undefined) return fail(args.file, args.at, `'${typeName(receiver)}' value has no method '${name}'`);
  return method(receiver as never, args);
}
