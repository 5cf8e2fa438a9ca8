import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type RequirementSource, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { UNSATISFIABLE, type FeaturePins } from './pins.js';
import { featuresProvider } from './provider.js';

const provider = featuresProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', provider: 'features', ...expected });

/** Validates pins as the engine would, every field set by the sources named in `origins` (default req.toml). */
function validate(pins: Partial<FeaturePins>, origins: Record<string, string[]> = {}) {
  const bag = new DiagnosticBag('req.toml', 'features');
  const from = (labels: string[]): RequirementSource[] => labels.map((label) => ({ kind: 'file', label }));
  const all = Object.fromEntries(Object.keys(pins).map((k) => [k, from(origins[k] ?? ['req.toml'])]));
  provider.validate({ value: pins, origins: all }, bag);
  return bag.items;
}

describe('features parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<FeaturePins> }[] = [
    { name: 'an empty table pins nothing', input: { features: {} }, expected: {} },
    { name: 'a canonical pin becomes a field', input: { features: { personality: true } }, expected: { 'features.personality': true } },
    {
      name: 'several pins, true and false',
      input: { features: { code_mode: false, hooks: true, unified_exec: false } },
      expected: { 'features.code_mode': false, 'features.hooks': true, 'features.unified_exec': false },
    },
    {
      name: '[feature_requirements] is the older table name',
      input: { feature_requirements: { personality: false, multi_agent: true } },
      expected: { 'features.personality': false, 'features.multi_agent': true },
    },
    { name: 'pins that cannot all hold still parse (validate judges them)', input: { features: { code_mode: false, code_mode_only: true } }, expected: { 'features.code_mode': false, 'features.code_mode_only': true } },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  it('print then parse gives the same pins', () => {
    for (const { input } of cases) {
      const once = parse(input).requirement;
      expect(parse(provider.print(once)).requirement).toStrictEqual(once);
    }
  });

  it('print writes a [features] table, and nothing for no pins', () => {
    expect(provider.print({ 'features.personality': true, 'features.hooks': false })).toEqual({ features: { personality: true, hooks: false } });
    expect(provider.print({})).toEqual({});
    expect(provider.print({ 'features.hooks': UNSATISFIABLE })).toEqual({});
  });
});

describe('features parse: invalid slices', () => {
  const cases: { name: string; input: Table; expected: Expected[]; pins?: Partial<FeaturePins> }[] = [
    {
      name: 'both table names in one file',
      input: { features: { personality: true }, feature_requirements: { hooks: true } },
      expected: [{ kind: 'conflict', key: 'feature_requirements', severity: 'error', message: 'both [features] and its older name', suggestion: 'move every pin into [features]' }],
    },
    {
      name: 'a legacy alias is refused in requirements',
      input: { features: { collab: false } },
      expected: [{ kind: 'unknown-key', key: 'features.collab', severity: 'error', message: '`collab` is an older name of `multi_agent`', suggestion: '`multi_agent`' }],
    },
    {
      name: 'a legacy alias under the older table name',
      input: { feature_requirements: { codex_hooks: true } },
      expected: [{ kind: 'unknown-key', key: 'feature_requirements.codex_hooks', severity: 'error', suggestion: '`hooks`' }],
    },
    {
      name: 'an unknown key',
      input: { features: { made_up_feature: true } },
      expected: [{ kind: 'unknown-key', key: 'features.made_up_feature', severity: 'error', message: 'no loaded feature has this key', suggestion: 'remove it' }],
    },
    {
      name: 'a close typo suggests the canonical key',
      input: { features: { personalty: true } },
      expected: [{ kind: 'unknown-key', key: 'features.personalty', severity: 'error', suggestion: 'use canonical feature key `personality`' }],
    },
    {
      name: 'a non-boolean pin',
      input: { features: { personality: 'yes' } },
      expected: [{ kind: 'invalid-type', key: 'features.personality', severity: 'error', message: 'expected a boolean, found string' }],
    },
    {
      name: '[features] that is not a table',
      input: { features: true },
      expected: [{ kind: 'invalid-type', key: 'features', severity: 'error', message: 'expected a table' }],
    },
    {
      name: 'good pins beside a bad one are kept',
      input: { features: { hooks: false, collab: true, personality: 1 } },
      expected: [
        { kind: 'unknown-key', key: 'features.collab', severity: 'error' },
        { kind: 'invalid-type', key: 'features.personality', severity: 'error' },
      ],
      pins: { 'features.hooks': false },
    },
  ];

  it.each(cases)('$name', ({ input, expected, pins = {} }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(pins);
    expect(diagnostics).toEqual(expected.map(like));
  });
});

describe('features validate', () => {
  it('accepts pins that can hold together', () => {
    expect(validate({})).toEqual([]);
    expect(validate({ 'features.code_mode': true, 'features.code_mode_only': true })).toEqual([]);
    expect(validate({ 'features.code_mode': false, 'features.code_mode_only': false })).toEqual([]);
    expect(validate({ 'features.code_mode_only': true })).toEqual([]);
  });

  it('refuses a pinned-on feature whose prerequisite is pinned off', () => {
    const items = validate({ 'features.code_mode': false, 'features.code_mode_only': true });
    expect(items).toEqual([like({ kind: 'conflict', severity: 'error', key: 'features.code_mode', message: '`code_mode=true`' })]);
    expect(items[0]!.message).toContain('is not in the allowed set [code_mode=false, code_mode_only=true]');
    expect(items[0]!.message).toContain('the pin code_mode_only=true requires code_mode');
  });

  it('names every layer involved in the broken pair', () => {
    const [item] = validate(
      { 'features.code_mode_only': true, 'features.code_mode': false },
      { 'features.code_mode': ['system.toml'], 'features.code_mode_only': ['mdm'] },
    );
    expect(item!.message).toContain('(set by system.toml, mdm)');
    // Listed in catalogue order, whatever order the layers wrote them in.
    expect(item!.message).toContain('[code_mode=false, code_mode_only=true]');
  });

  it('tighten: contradicting pins become unsatisfiable, agreeing ones stay', () => {
    expect(provider.tighten({ 'features.personality': true }, { 'features.personality': false })).toEqual({ 'features.personality': UNSATISFIABLE });
    expect(provider.tighten({ 'features.personality': true }, { 'features.personality': true })).toEqual({ 'features.personality': true });
    expect(provider.tighten({ 'features.hooks': false }, { 'features.personality': true })).toEqual({ 'features.hooks': false, 'features.personality': true });
    expect(provider.tighten({}, {})).toEqual({});
  });

  it('an unsatisfiable pin is a conflict naming its layers', () => {
    const pins = provider.tighten({ 'features.personality': true }, { 'features.personality': false });
    const items = validate(pins, { 'features.personality': ['a.toml', 'b.toml'] });
    expect(items).toEqual([like({ kind: 'conflict', severity: 'error', key: 'features.personality', message: 'pinned both true and false (by a.toml, b.toml)' })]);
    expect(provider.allows(pins, {})).toBe(false);
  });
});

describe('features allows', () => {
  it('judges a map against pins and prerequisites', () => {
    expect(provider.allows({}, { 'features.personality': false })).toBe(true);
    expect(provider.allows({ 'features.personality': true }, { 'features.personality': false })).toBe(false);
    expect(provider.allows({ 'features.personality': true }, { 'features.hooks': false })).toBe(true);
    expect(provider.allows({ 'features.code_mode': false }, { 'features.code_mode_only': true })).toBe(false);
    expect(provider.allows({ 'features.code_mode': false }, { 'features.code_mode_only': false })).toBe(true);
  });
});

describe('features schema', () => {
  type Table = { type: string; additionalProperties: boolean; properties: Record<string, { type: string }>; deprecated?: boolean };
  const { features, feature_requirements } = (provider.schema as { properties: Record<string, Table> }).properties;

  it('lists canonical keys only, booleans, nothing else allowed', () => {
    expect(features!.type).toBe('object');
    expect(features!.additionalProperties).toBe(false);
    expect(Object.keys(features!.properties)).toEqual(provider.catalogue.keys);
    expect(features!.properties.personality).toMatchObject({ type: 'boolean' });
    expect(features!.properties).not.toHaveProperty('collab');
  });

  it('describes the older table name the same way, marked deprecated', () => {
    expect(feature_requirements).toMatchObject({ additionalProperties: false, deprecated: true });
    expect(Object.keys(feature_requirements!.properties)).toEqual(provider.catalogue.keys);
  });
});
