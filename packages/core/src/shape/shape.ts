import type { Reporter } from '../diagnostics/diagnostic.js';
import { suggestion } from '../diagnostics/suggest.js';
import { abbreviate } from './values.js';

/** A TOML table as parsed: string keys to TOML values. */
export type Table = Readonly<Record<string, unknown>>;

/** The TOML name of a value's type, for `invalid type` messages. */
export function typeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (value instanceof Date) return 'datetime';
  if (typeof value === 'object') return 'table';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'bigint') return 'integer';
  return typeof value;
}

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function invalidType(report: Reporter, key: string, expected: string, value: unknown, fix?: string): undefined {
  report({
    severity: 'error',
    kind: 'invalid-type',
    key,
    message: `invalid type: expected ${expected}, found ${typeName(value)}`,
    suggestion: fix,
  });
  return undefined;
}

export function expectString(value: unknown, key: string, report: Reporter): string | undefined {
  return typeof value === 'string' ? value : invalidType(report, key, 'a string', value, `write ${key} = "..."`);
}

export function expectBoolean(value: unknown, key: string, report: Reporter): boolean | undefined {
  return typeof value === 'boolean'
    ? value
    : invalidType(report, key, 'a boolean', value, `write ${key} = true or false`);
}

/** The value at a path of nested tables (`features.fast_mode` or `['mcp_servers', 'docs']`); own keys only. */
export function valueAt(value: unknown, path: string | readonly string[]): unknown {
  let node = value;
  for (const part of typeof path === 'string' ? path.split('.') : path)
    node = isTable(node) && Object.hasOwn(node, part) ? node[part] : undefined;
  return node;
}

export function expectTable(value: unknown, key: string, report: Reporter): Table | undefined {
  return isTable(value) ? value : invalidType(report, key, 'a table', value, `write [${key}] as a table`);
}

/**
 * A table of named entries (`[mcp_servers.<name>]`, `[apps.<id>]`): each entry parsed at `key.name`. Undefined
 * when the table or any entry fails, every problem reported, so a half-read table never stands for the whole.
 */
export function expectEntries<T>(
  value: unknown,
  key: string,
  report: Reporter,
  parse: (entry: unknown, at: string, name: string) => T | undefined,
): Record<string, T> | undefined {
  const table = expectTable(value, key, report);
  if (!table) return undefined;
  const out: Record<string, T> = {};
  let failed = false;
  for (const [name, entry] of Object.entries(table)) {
    const parsed = parse(entry, `${key}.${name}`, name);
    if (parsed === undefined) failed = true;
    else out[name] = parsed;
  }
  return failed ? undefined : out;
}

export function expectArray(
  value: unknown,
  key: string,
  report: Reporter,
  of = 'values',
): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : invalidType(report, key, `a list of ${of}`, value, `write ${key} = [ ... ]`);
}

export function expectStringList(value: unknown, key: string, report: Reporter): string[] | undefined {
  const list = expectArray(value, key, report, 'strings');
  if (!list) return undefined;
  const out: string[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const s = expectString(item, `${key}[${i}]`, report);
    if (s === undefined) ok = false;
    else out.push(s);
  });
  return ok ? out : undefined;
}

/** Reads one value of a closed set of spellings, mapping aliases; reports unknown values with a suggestion. */
export function expectEnum<T extends string>(
  value: unknown,
  key: string,
  report: Reporter,
  allowed: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): T | undefined {
  const s = expectString(value, key, report);
  if (s === undefined) return undefined;
  if ((allowed as readonly string[]).includes(s)) return s as T;
  const alias = Object.hasOwn(aliases, s) ? aliases[s] : undefined;
  if (alias !== undefined) return alias;
  report({
    severity: 'error',
    kind: 'unknown-value',
    key,
    message: `unknown value "${abbreviate(s)}"`,
    suggestion: suggestion(s, [...allowed, ...Object.keys(aliases)]),
  });
  return undefined;
}

/** Reads a list of enum spellings; undefined if any entry is invalid (each is reported). */
export function expectEnumList<T extends string>(
  value: unknown,
  key: string,
  report: Reporter,
  allowed: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): T[] | undefined {
  const list = expectArray(value, key, report, 'strings');
  if (!list) return undefined;
  const out: T[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const v = expectEnum(item, `${key}[${i}]`, report, allowed, aliases);
    if (v === undefined) ok = false;
    else out.push(v);
  });
  return ok ? out : undefined;
}

/** Warns about keys of `table` outside `known`, suggesting `fix`, else the closest known key. */
export function warnUnknownKeys(
  table: Table,
  known: readonly string[],
  prefix: string,
  report: Reporter,
  fix?: string,
): void {
  for (const key of Object.keys(table)) {
    if (known.includes(key)) continue;
    report({
      severity: 'warning',
      kind: 'unknown-key',
      key: `${prefix}${key}`,
      message: `unknown key "${abbreviate(key)}" is ignored`,
      suggestion: fix ?? suggestion(key, known),
    });
  }
}
