import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '@ratchet/core';
import { bool, keyPart, listOf, mapOf, meetShape, oneOf, readShape, schemaOf, str, struct } from './shape.js';

const read = (shape: Parameters<typeof readShape>[0], raw: unknown) => {
  const report = new DiagnosticBag('req.toml');
  return { value: readShape(shape, raw, 'x', report.report), diagnostics: report.items };
};

describe('shapes', () => {
  it('quote keys that are not bare', () => {
    expect(keyPart('corp-1')).toBe('corp-1');
    expect(keyPart('https://a.example')).toBe('"https://a.example"');
  });

  it('a map or list fails whole when one entry fails, and reports every entry', () => {
    const { value, diagnostics } = read(mapOf(listOf(bool())), { a: [true, 'x'], b: 'y' });
    expect(value).toBeUndefined();
    expect(diagnostics.map((d) => d.key)).toEqual(['x.a[1]', 'x.b']);
  });

  it('a struct keeps known fields only, reports missing required ones', () => {
    expect(read(struct({ a: str }), { a: 'v', z: 1 }).value).toEqual({ a: 'v' });
    expect(read(struct({ a: str, b: str }, { required: ['b'] }), { a: 'v' }).diagnostics).toEqual([
      expect.objectContaining({ kind: 'missing-key', key: 'x.b' }),
    ]);
  });

  it('meets: and/or booleans, the strictest enum value, joined lists and maps', () => {
    expect(meetShape(bool('and'), true, false)).toBe(false);
    expect(meetShape(bool('or'), true, false)).toBe(true);
    expect(meetShape(bool(), true, false)).toBe(true);
    expect(meetShape(oneOf(['turn', 'thread'], 'turn'), 'thread', 'turn')).toBe('turn');
    expect(meetShape(listOf(str), ['a', 'b'], ['b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(meetShape(mapOf(oneOf(['allow', 'deny'], 'deny')), { a: 'allow' }, { a: 'deny', b: 'allow' })).toEqual({
      a: 'deny',
      b: 'allow',
    });
  });

  it('schemas follow the shape; denied unknown fields are additionalProperties: false', () => {
    expect(schemaOf(struct({ a: oneOf(['x']), b: listOf(str) }, { required: ['a'], denyUnknown: true }), 'd')).toEqual({
      type: 'object',
      properties: { a: { enum: ['x'] }, b: { type: 'array', items: { type: 'string' } } },
      required: ['a'],
      additionalProperties: false,
      description: 'd',
    });
  });
});
