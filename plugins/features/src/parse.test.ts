import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type RequirementSource, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { codexFeatures } from './catalogue/codex.js';
import { defineFeatures } from './catalogue/spec.js';
import { UNPINNED, UNSATISFIABLE, unpinnedTable, type FeaturePins } from './pins.js';
import { featuresProvider } from './provider.js';

const provider = featuresProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
/** What a layer's `[features]` table parses as: `pins`, and every other key of the catalogue unpinned. */
const table = (pins: Partial<FeaturePins> = {}): Partial<FeaturePins> => ({
  ...unpinnedTable(provider.catalogue),
  ...pins,
});
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', provider: 'features', ...expected });

/** Validates pins as the engine would, every field set by the sources named in `origins` (default req.toml). */
function validate(pins: Partial<FeaturePins>, origins: Record<string, string[]> = {}) {
  const bag = new DiagnosticBag('req.toml', 'features');
  const from = (labels: string[]): RequirementSource[] => labels.map((label) => ({ kind: 'file', label }));
  const all = Object.fromEntries(Object.keys(pins).map((k) => [k, from(origins[k] ?? ['req.toml'])]));
  provider.validate({ value: pins, origins: all }, bag.report);
  return bag.items;
}

describe('features parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<FeaturePins> }[] = [
    { name: 'no table sets no field', input: {}, expected: {} },
    { name: 'an empty table pins nothing but sets every field, unpinned', input: { features: {} }, expected: table() },
    {
      name: 'a canonical pin becomes a field',
      input: { features: { fast_mode: true } },
      expected: table({ 'features.fast_mode': true }),
    },
    {
      name: 'several pins, true and false',
      input: { features: { code_mode: false, hooks: true, unified_exec: false } },
      expected: table({ 'features.code_mode': false, 'features.hooks': true, 'features.unified_exec': false }),
    },
    {
      name: '[feature_requirements] is the older table name',
      input: { feature_requirements: { fast_mode: false, multi_agent: true } },
      expected: table({ 'features.fast_mode': false, 'features.multi_agent': true }),
    },
    {
      name: 'pins that cannot all hold still parse (validate judges them)',
      input: { features: { code_mode: false, code_mode_only: true } },
      expected: table({ 'features.code_mode': false, 'features.code_mode_only': true }),
    },
    {
      name: 'auto_review pins guardian_approval',
      input: { features: { auto_review: false } },
      expected: table({ 'features.guardian_approval': false }),
    },
    {
      name: 'auto_review under the older table name',
      input: { feature_requirements: { auto_review: true } },
      expected: table({ 'features.guardian_approval': true }),
    },
    {
      name: 'auto_review agreeing with guardian_approval in one table',
      input: { features: { auto_review: false, guardian_approval: false } },
      expected: table({ 'features.guardian_approval': false }),
    },
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

  it('print writes a [features] table of the pins, an empty one for fields set but unpinned, and nothing for no field', () => {
    expect(provider.print({ 'features.fast_mode': true, 'features.hooks': false })).toEqual({
      features: { fast_mode: true, hooks: false },
    });
    expect(provider.print(table({ 'features.hooks': false }))).toEqual({ features: { hooks: false } });
    expect(provider.print(table())).toEqual({ features: {} });
    expect(provider.print({ 'features.hooks': UNSATISFIABLE })).toEqual({ features: {} });
    expect(provider.print({})).toEqual({});
  });
});

describe('features parse: auto_review, the one other name requirements accept', () => {
  it('loses to guardian_approval in the same table, whichever comes first, with a warning when they disagree', () => {
    for (const features of [
      { auto_review: true, guardian_approval: false },
      { guardian_approval: false, auto_review: true },
    ]) {
      const { requirement, diagnostics } = parse({ features });
      expect(requirement).toStrictEqual(table({ 'features.guardian_approval': false }));
      expect(diagnostics).toEqual([
        like({
          kind: 'conflict',
          key: 'features.auto_review',
          severity: 'warning',
          message: '`auto_review = true` is ignored: `guardian_approval`',
          suggestion: 'remove auto_review',
        }),
      ]);
    }
  });

  it('must be a boolean', () => {
    const { diagnostics } = parse({ features: { auto_review: 'off' } });
    expect(diagnostics).toEqual([like({ kind: 'invalid-type', key: 'features.auto_review', severity: 'error' })]);
  });

  it('is unknown to a catalogue without guardian_approval: warned about and ignored', () => {
    const alone = featuresProvider({
      contributions: [defineFeatures('acme', [{ key: 'acme_base', default: false, stage: 'stable' }])],
    });
    const { requirement, diagnostics } = parseSlice(alone, { features: { auto_review: false } });
    expect(requirement).toStrictEqual({ 'features.acme_base': UNPINNED });
    expect(diagnostics).toEqual([
      like({
        kind: 'unknown-key',
        key: 'features.auto_review',
        severity: 'warning',
        message: 'ignoring unknown `features` requirement `auto_review`',
      }),
    ]);
  });

  it('is the only requirements-only name; the older [features] names pin too, with a warning', () => {
    expect(
      codexFeatures()
        .features.filter((f) => f.pinAliases)
        .map((f) => [f.key, f.pinAliases]),
    ).toEqual([['guardian_approval', ['auto_review']]]);
  });
});

describe('features parse: slices that load with a warning, as in Codex 0.171', () => {
  const cases: { name: string; input: Table; expected: Expected[]; pins: Partial<FeaturePins> }[] = [
    {
      name: 'a legacy alias pins its canonical feature, naming it',
      input: { features: { collab: false } },
      expected: [
        {
          kind: 'deprecated-key',
          key: 'features.collab',
          severity: 'warning',
          message: 'using legacy `features` requirement `collab`; prefer canonical feature key `multi_agent`',
          suggestion: 'write multi_agent = false',
        },
      ],
      pins: table({ 'features.multi_agent': false }),
    },
    {
      name: 'a legacy alias under the older table name',
      input: { feature_requirements: { codex_hooks: true } },
      expected: [
        { kind: 'deprecated-key', key: 'feature_requirements.codex_hooks', severity: 'warning', suggestion: 'hooks' },
      ],
      pins: table({ 'features.hooks': true }),
    },
    {
      name: 'the canonical key beats its alias in one table, whichever value each has',
      input: { features: { collab: true, multi_agent: false } },
      expected: [
        { kind: 'deprecated-key', key: 'features.collab', severity: 'warning' },
        { kind: 'conflict', key: 'features.collab', severity: 'warning', message: '`multi_agent` is set' },
      ],
      pins: table({ 'features.multi_agent': false }),
    },
    {
      name: 'an unknown key is ignored',
      input: { features: { made_up_feature: true } },
      expected: [
        {
          kind: 'unknown-key',
          key: 'features.made_up_feature',
          severity: 'warning',
          message: 'ignoring unknown `features` requirement `made_up_feature`',
          suggestion: 'remove it',
        },
      ],
      pins: table(),
    },
    {
      name: 'a close typo suggests the canonical key',
      input: { features: { fast_mod: true } },
      expected: [{ kind: 'unknown-key', key: 'features.fast_mod', severity: 'warning', suggestion: '`fast_mode`' }],
      pins: table(),
    },
    {
      name: 'a removed feature whose pin Codex ignores, with its reason',
      input: { features: { worktrees: true } },
      expected: [
        {
          kind: 'not-enforced',
          key: 'features.worktrees',
          severity: 'warning',
          message:
            'ignoring removed `features` requirement `worktrees`: availability no longer depends on this feature flag',
        },
      ],
      pins: table(),
    },
    {
      name: 'a removed feature whose pin Codex ignores silently',
      input: { features: { personality: true } },
      expected: [
        {
          kind: 'not-enforced',
          key: 'features.personality',
          severity: 'warning',
          message: 'the feature stays at its default (false)',
        },
      ],
      pins: table(),
    },
  ];

  it.each(cases)('$name', ({ input, expected, pins }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(pins);
    expect(diagnostics).toEqual(expected.map(like));
  });
});

describe('features parse: invalid slices', () => {
  const cases: { name: string; input: Table; expected: Expected[]; pins?: Partial<FeaturePins> }[] = [
    {
      name: 'both table names in one file',
      input: { features: { fast_mode: true }, feature_requirements: { hooks: true } },
      expected: [
        {
          kind: 'conflict',
          key: 'feature_requirements',
          severity: 'error',
          message: 'both [features] and its older name',
          suggestion: 'move every pin into [features]',
        },
      ],
    },
    {
      name: 'a non-boolean pin',
      input: { features: { fast_mode: 'yes' } },
      expected: [
        {
          kind: 'invalid-type',
          key: 'features.fast_mode',
          severity: 'error',
          message: 'expected a boolean, found string',
        },
      ],
      pins: table(),
    },
    {
      name: '[features] that is not a table',
      input: { features: true },
      expected: [{ kind: 'invalid-type', key: 'features', severity: 'error', message: 'expected a table' }],
    },
    {
      name: 'good pins beside a bad one are kept; an unknown key must be a boolean too',
      input: { features: { hooks: false, made_up: 'x', fast_mode: 1 } },
      expected: [
        { kind: 'invalid-type', key: 'features.made_up', severity: 'error' },
        { kind: 'invalid-type', key: 'features.fast_mode', severity: 'error' },
      ],
      pins: table({ 'features.hooks': false }),
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
    expect(items).toEqual([
      like({ kind: 'conflict', severity: 'error', key: 'features.code_mode', message: '`code_mode=true`' }),
    ]);
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

  it('tighten: an unpinned field takes the other pin, whichever side it is on', () => {
    expect(provider.tighten({ 'features.fast_mode': UNPINNED }, { 'features.fast_mode': false })).toEqual({
      'features.fast_mode': false,
    });
    expect(provider.tighten({ 'features.fast_mode': true }, { 'features.fast_mode': UNPINNED })).toEqual({
      'features.fast_mode': true,
    });
    expect(provider.tighten({ 'features.fast_mode': UNSATISFIABLE }, { 'features.fast_mode': UNPINNED })).toEqual({
      'features.fast_mode': UNSATISFIABLE,
    });
    expect(provider.tighten(table(), table({ 'features.hooks': false }))).toEqual(table({ 'features.hooks': false }));
  });

  it('tighten: contradicting pins become unsatisfiable, agreeing ones stay', () => {
    expect(provider.tighten({ 'features.fast_mode': true }, { 'features.fast_mode': false })).toEqual({
      'features.fast_mode': UNSATISFIABLE,
    });
    expect(provider.tighten({ 'features.fast_mode': true }, { 'features.fast_mode': true })).toEqual({
      'features.fast_mode': true,
    });
    expect(provider.tighten({ 'features.hooks': false }, { 'features.fast_mode': true })).toEqual({
      'features.hooks': false,
      'features.fast_mode': true,
    });
    expect(provider.tighten({}, {})).toEqual({});
  });

  it('an unsatisfiable pin is a conflict naming its layers', () => {
    const pins = provider.tighten({ 'features.fast_mode': true }, { 'features.fast_mode': false });
    const items = validate(pins, { 'features.fast_mode': ['a.toml', 'b.toml'] });
    expect(items).toEqual([
      like({
        kind: 'conflict',
        severity: 'error',
        key: 'features.fast_mode',
        message: 'pinned both true and false (by a.toml, b.toml)',
      }),
    ]);
    expect(provider.allows(pins, {})).toBe(false);
  });
});

describe('features allows', () => {
  it('judges a map against pins and prerequisites', () => {
    expect(provider.allows({}, { 'features.fast_mode': false })).toBe(true);
    expect(provider.allows({ 'features.fast_mode': true }, { 'features.fast_mode': false })).toBe(false);
    expect(provider.allows({ 'features.fast_mode': true }, { 'features.hooks': false })).toBe(true);
    expect(provider.allows({ 'features.code_mode': false }, { 'features.code_mode_only': true })).toBe(false);
    expect(provider.allows({ 'features.code_mode': false }, { 'features.code_mode_only': false })).toBe(true);
  });

  it('an unpinned field allows either value', () => {
    expect(provider.allows(table(), { 'features.fast_mode': false, 'features.code_mode_only': true })).toBe(true);
    expect(provider.allows(table({ 'features.code_mode': false }), { 'features.code_mode_only': true })).toBe(false);
  });
});

describe('features schema', () => {
  type Table = {
    type: string;
    additionalProperties: boolean;
    properties: Record<string, { type: string; deprecated?: boolean }>;
    deprecated?: boolean;
  };
  const { features, feature_requirements } = (provider.schema as { properties: Record<string, Table> }).properties;
  const aliases = provider.catalogue.entries.flatMap((e) => e.aliases ?? []);

  it('lists canonical keys, auto_review and the older names (deprecated); any other key is refused, as validate --strict does', () => {
    expect(features!.type).toBe('object');
    expect(features!.additionalProperties).toBe(false);
    expect(Object.keys(features!.properties)).toEqual([...provider.catalogue.keys, 'auto_review', ...aliases]);
    expect(features!.properties.auto_review).toMatchObject({ type: 'boolean' });
    expect(features!.properties.fast_mode).toMatchObject({ type: 'boolean' });
    expect(features!.properties.collab).toMatchObject({ type: 'boolean', deprecated: true });
  });

  it('describes the older table name the same way, marked deprecated', () => {
    expect(feature_requirements).toMatchObject({ additionalProperties: false, deprecated: true });
    expect(Object.keys(feature_requirements!.properties)).toEqual(Object.keys(features!.properties));
  });
});
