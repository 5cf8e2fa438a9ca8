import { describe, expect, it } from 'vitest';
import type { Table } from '@ratchet/core';
import { parseSlice, resolveWith } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { residencyProvider, type ResidencyRequirement } from './provider.js';

const provider = residencyProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) =>
  diagnosticLike({
    source: 'req.toml',
    key: 'enforce_residency',
    severity: 'error',
    suggestion: 'enforce_residency = "us"',
    ...expected,
  });

describe('residency parse', () => {
  it('reads "us" and nothing else', () => {
    expect(parse({ enforce_residency: 'us' })).toMatchObject({
      requirement: { enforce_residency: 'us' },
      diagnostics: [],
    });
    expect(parse({})).toMatchObject({ requirement: {}, diagnostics: [] });
  });

  const invalid: { name: string; input: unknown; expected: Expected }[] = [
    {
      name: 'another region',
      input: 'eu',
      expected: { kind: 'unknown-value', message: 'unknown value "eu": the only accepted value is "us"' },
    },
    { name: 'another spelling', input: 'US', expected: { kind: 'unknown-value', message: '"US"' } },
    {
      name: 'an empty string',
      input: '',
      expected: { kind: 'unknown-value', message: 'the only accepted value is "us"' },
    },
    {
      name: 'a list',
      input: ['us'],
      expected: { kind: 'invalid-type', message: 'expected the string "us", found array' },
    },
    { name: 'a boolean', input: true, expected: { kind: 'invalid-type', message: 'found boolean' } },
  ];

  it.each(invalid)('refuses $name, naming the key and the accepted value', ({ input, expected }) => {
    const { requirement, diagnostics } = parse({ enforce_residency: input });
    expect(requirement).toStrictEqual({});
    expect(diagnostics).toEqual([like(expected)]);
  });

  it('print and parse round-trip', () => {
    for (const r of [{}, { enforce_residency: 'us' }] as Partial<ResidencyRequirement>[])
      expect(parse(provider.print(r)).requirement).toStrictEqual(r);
  });
});

describe('residency resolve, tighten', () => {
  it('the effective enforce_residency is "us" when required, unset otherwise', () => {
    expect(resolveWith(provider, { enforce_residency: 'us' }, {}).values.enforce_residency).toEqual({
      value: 'us',
      rule: 'required by enforce_residency',
      constrainedBy: ['enforce_residency'],
    });
    expect(resolveWith(provider, {}, {}).effective).toEqual({ enforce_residency: undefined });
  });

  it('tighten keeps a requirement from either side', () => {
    expect(provider.tighten({}, {})).toStrictEqual({});
    expect(provider.tighten({}, { enforce_residency: 'us' })).toStrictEqual({ enforce_residency: 'us' });
    expect(provider.tighten({ enforce_residency: 'us' }, {})).toStrictEqual({ enforce_residency: 'us' });
  });
});
