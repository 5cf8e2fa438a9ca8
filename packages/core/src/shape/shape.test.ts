import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import {
  expectBoolean,
  expectEntries,
  expectEnum,
  expectEnumList,
  expectString,
  expectStringList,
  expectTable,
  isTable,
  typeName,
  warnUnknownKeys,
} from './shape.js';
import { deepEqual, formatValue, toPlain } from './values.js';

const MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;
const ALIASES = { readonly: 'read-only' } as const;

describe('typeName', () => {
  it('names TOML types', () => {
    expect(typeName([])).toBe('array');
    expect(typeName(null)).toBe('null');
    expect(typeName(new Date(0))).toBe('datetime');
    expect(typeName({})).toBe('table');
    expect(typeName(Object.create(null))).toBe('table');
    expect(typeName(3)).toBe('integer');
    expect(typeName(3.5)).toBe('float');
    expect(typeName(3n)).toBe('integer');
    expect(typeName('s')).toBe('string');
    expect(typeName(true)).toBe('boolean');
    expect(typeName(undefined)).toBe('undefined');
  });

  it('isTable excludes arrays, null and dates', () => {
    expect(isTable({})).toBe(true);
    expect(isTable([])).toBe(false);
    expect(isTable(null)).toBe(false);
    expect(isTable(new Date())).toBe(false);
    expect(isTable('x')).toBe(false);
  });
});

describe('scalar expectations', () => {
  it('accept the right type and report the wrong one', () => {
    const bag = new DiagnosticBag('src');
    expect(expectString('x', 'k', bag.report)).toBe('x');
    expect(expectBoolean(false, 'k', bag.report)).toBe(false);
    expect(expectTable({ a: 1 }, 'k', bag.report)).toEqual({ a: 1 });
    expect(bag.items).toEqual([]);
    expect(expectString(1, 's', bag.report)).toBeUndefined();
    expect(expectBoolean('yes', 'b', bag.report)).toBeUndefined();
    expect(expectTable([], 't', bag.report)).toBeUndefined();
    expect(bag.items.map((d) => [d.key, d.kind, d.message])).toEqual([
      ['s', 'invalid-type', 'invalid type: expected a string, found integer'],
      ['b', 'invalid-type', 'invalid type: expected a boolean, found string'],
      ['t', 'invalid-type', 'invalid type: expected a table, found array'],
    ]);
  });
});

describe('expectStringList', () => {
  it('returns the list when every item is a string', () => {
    const bag = new DiagnosticBag('src');
    expect(expectStringList(['a', 'b'], 'k', bag.report)).toEqual(['a', 'b']);
    expect(expectStringList([], 'k', bag.report)).toEqual([]);
    expect(bag.items).toEqual([]);
  });

  it('reports invalid type with the key when given a string instead of a list', () => {
    const bag = new DiagnosticBag('req.toml');
    expect(expectStringList('read-only', 'allowed_sandbox_modes', bag.report)).toBeUndefined();
    expect(bag.items).toEqual([
      {
        kind: 'invalid-type',
        severity: 'error',
        source: 'req.toml',
        key: 'allowed_sandbox_modes',
        message: 'invalid type: expected a list of strings, found string',
        suggestion: 'write allowed_sandbox_modes = [ ... ]',
      },
    ]);
  });

  it('reports every bad item by index and returns undefined', () => {
    const bag = new DiagnosticBag();
    expect(expectStringList(['a', 1, 'b', true], 'list', bag.report)).toBeUndefined();
    expect(bag.items.map((d) => d.key)).toEqual(['list[1]', 'list[3]']);
    expect(bag.items.map((d) => d.message)).toEqual([
      'invalid type: expected a string, found integer',
      'invalid type: expected a string, found boolean',
    ]);
  });
});

describe('expectEnum', () => {
  it('accepts allowed values and maps aliases', () => {
    const bag = new DiagnosticBag();
    expect(expectEnum('workspace-write', 'k', bag.report, MODES, ALIASES)).toBe('workspace-write');
    expect(expectEnum('readonly', 'k', bag.report, MODES, ALIASES)).toBe('read-only');
    expect(bag.items).toEqual([]);
  });

  it('reports an unknown value with a did-you-mean suggestion', () => {
    const bag = new DiagnosticBag('src');
    expect(expectEnum('workspace-writ', 'sandbox_mode', bag.report, MODES, ALIASES)).toBeUndefined();
    expect(bag.items).toHaveLength(1);
    expect(bag.items[0]).toMatchObject({
      kind: 'unknown-value',
      severity: 'error',
      key: 'sandbox_mode',
      message: 'unknown value "workspace-writ"',
      suggestion: 'did you mean "workspace-write"?',
    });
  });

  it('lists the accepted spellings, aliases included, when nothing is close', () => {
    const bag = new DiagnosticBag();
    expectEnum('something-else-entirely', 'k', bag.report, MODES, ALIASES);
    expect(bag.items[0]!.suggestion).toBe('use one of read-only, workspace-write, danger-full-access, readonly');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'does not take the inherited %j for an alias',
    (name) => {
      const bag = new DiagnosticBag();
      expect(expectEnum(name, 'k', bag.report, MODES)).toBeUndefined();
      expect(expectEnum(name, 'k', bag.report, MODES, ALIASES)).toBeUndefined();
      expect(bag.items.map((d) => d.kind)).toEqual(['unknown-value', 'unknown-value']);
      expect(expectEnumList([name], 'k', bag.report, MODES, ALIASES)).toBeUndefined();
    },
  );

  it('reports a non-string as invalid type', () => {
    const bag = new DiagnosticBag();
    expect(expectEnum(1, 'k', bag.report, MODES)).toBeUndefined();
    expect(bag.items[0]!.kind).toBe('invalid-type');
  });
});

describe('expectEnumList', () => {
  it('maps every item, aliases included', () => {
    const bag = new DiagnosticBag();
    expect(expectEnumList(['readonly', 'danger-full-access'], 'k', bag.report, MODES, ALIASES)).toEqual([
      'read-only',
      'danger-full-access',
    ]);
    expect(bag.items).toEqual([]);
  });

  it('reports each bad item with its index', () => {
    const bag = new DiagnosticBag();
    expect(expectEnumList(['read-only', 'read-onyl', 3], 'modes', bag.report, MODES)).toBeUndefined();
    expect(bag.items.map((d) => [d.key, d.kind, d.suggestion])).toEqual([
      ['modes[1]', 'unknown-value', 'did you mean "read-only"?'],
      ['modes[2]', 'invalid-type', 'write modes[2] = "..."'],
    ]);
  });

  it('reports a string in place of a list', () => {
    const bag = new DiagnosticBag();
    expect(expectEnumList('read-only', 'modes', bag.report, MODES)).toBeUndefined();
    expect(bag.items[0]).toMatchObject({
      key: 'modes',
      kind: 'invalid-type',
      message: 'invalid type: expected a list of strings, found string',
    });
  });
});

describe('warnUnknownKeys', () => {
  it('warns about unknown keys with the prefix and a suggestion', () => {
    const bag = new DiagnosticBag('src');
    warnUnknownKeys(
      { enabled: true, enabeld: false, zzzzzzzzzz: 1 },
      ['enabled', 'command'],
      'mcp_servers.x.',
      bag.report,
    );
    expect(bag.items).toEqual([
      {
        kind: 'unknown-key',
        severity: 'warning',
        source: 'src',
        key: 'mcp_servers.x.enabeld',
        message: 'unknown key "enabeld" is ignored',
        suggestion: 'did you mean "enabled"?',
      },
      {
        kind: 'unknown-key',
        severity: 'warning',
        source: 'src',
        key: 'mcp_servers.x.zzzzzzzzzz',
        message: 'unknown key "zzzzzzzzzz" is ignored',
        suggestion: 'use one of enabled, command',
      },
    ]);
    expect(bag.hasErrors).toBe(false);
  });
});

describe('deepEqual', () => {
  it('compares primitives and arrays', () => {
    expect(deepEqual(1, 1)).toBe(true);
    expect(deepEqual(NaN, NaN)).toBe(true);
    expect(deepEqual('a', 'b')).toBe(false);
    expect(deepEqual([1, [2, 3]], [1, [2, 3]])).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(deepEqual([], {})).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual(1, '1')).toBe(false);
  });

  it('compares nested objects regardless of key order', () => {
    expect(deepEqual({ a: { b: [1, { c: 'x' }] }, d: 2 }, { d: 2, a: { b: [1, { c: 'x' }] } })).toBe(true);
    expect(deepEqual({ a: { b: [1, { c: 'x' }] } }, { a: { b: [1, { c: 'y' }] } })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
  });

  it('ignores keys whose value is undefined', () => {
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(true);
    expect(deepEqual({ b: undefined }, { b: null })).toBe(false);
  });

  it('treats null-prototype tables like plain objects', () => {
    expect(deepEqual(parse('a = { b = [1, 2] }'), { a: { b: [1, 2] } })).toBe(true);
  });
});

describe('formatValue', () => {
  it('renders TOML-flavoured text', () => {
    expect(formatValue('on-request')).toBe('"on-request"');
    expect(formatValue(['a', 'b'])).toBe('["a", "b"]');
    expect(formatValue([])).toBe('[]');
    expect(formatValue({ k: 1, s: 'v', skip: undefined })).toBe('{ k = 1, s = "v" }');
    expect(formatValue({ nested: { list: [true] } })).toBe('{ nested = { list = [true] } }');
    expect(formatValue(3)).toBe('3');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(undefined)).toBe('undefined');
  });
});

describe('toPlain', () => {
  it('turns null-prototype tables from smol-toml into plain objects', () => {
    const table = parse('a = { b = { c = 1 } }\nlist = [{ x = "y" }]');
    expect(Object.getPrototypeOf(table)).toBeNull();
    const plain = toPlain(table) as { a: { b: object }; list: object[] };
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(plain.a)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(plain.a.b)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(plain.list[0])).toBe(Object.prototype);
    expect(plain).toStrictEqual({ a: { b: { c: 1 } }, list: [{ x: 'y' }] });
    expect(JSON.stringify(plain)).toBe('{"a":{"b":{"c":1}},"list":[{"x":"y"}]}');
  });

  it('renders dates as ISO strings and keeps primitives', () => {
    expect(toPlain(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02T00:00:00.000Z');
    expect(toPlain([1, 'a', null, true])).toEqual([1, 'a', null, true]);
    expect(toPlain(undefined)).toBeUndefined();
  });
});

describe('expectEntries', () => {
  const positive = (report: DiagnosticBag) => (entry: unknown, at: string) =>
    typeof entry === 'number' && entry > 0
      ? entry
      : (report.report({ severity: 'error', kind: 'invalid-value', key: at, message: 'not positive' }), undefined);

  it('parses every named entry at key.name', () => {
    const bag = new DiagnosticBag('t.toml');
    expect(expectEntries({ a: 1, b: 2 }, 'n', bag.report, positive(bag))).toEqual({ a: 1, b: 2 });
    expect(bag.items).toEqual([]);
  });

  it('is undefined when one entry fails, with every failing entry reported', () => {
    const bag = new DiagnosticBag('t.toml');
    expect(expectEntries({ a: 1, b: -1, c: 0 }, 'n', bag.report, positive(bag))).toBeUndefined();
    expect(bag.items.map((d) => d.key)).toEqual(['n.b', 'n.c']);
  });

  it('is undefined, with a type error, when the value is not a table', () => {
    const bag = new DiagnosticBag('t.toml');
    expect(expectEntries([1], 'n', bag.report, positive(bag))).toBeUndefined();
    expect(bag.items[0]).toMatchObject({ key: 'n', kind: 'invalid-type' });
  });
});
