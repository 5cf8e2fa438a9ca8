import { describe, expect, it } from 'vitest';
import { FeatureCatalogue, type FeatureMap } from './catalogue/catalogue.js';
import { codexFeatures } from './catalogue/codex.js';
import { defineFeatures, type FeatureSpec } from './catalogue/spec.js';
import { resolveFeatures, unmetPrerequisites, withPrerequisites } from './normalize.js';

const codex = FeatureCatalogue.from([codexFeatures('linux')]);
const spec = (key: string, requires: string[] = []): FeatureSpec => ({
  key,
  default: false,
  stage: 'stable',
  requires,
});
/** a needs b, b needs c; x and y need each other. */
const chain = FeatureCatalogue.from([
  defineFeatures('acme', [spec('a', ['b']), spec('b', ['c']), spec('c'), spec('x', ['y']), spec('y', ['x'])]),
]);

describe('withPrerequisites', () => {
  it('turns on what an enabled feature needs and says who needed it', () => {
    const { map, turnedOn } = withPrerequisites(codex, { code_mode_only: true, code_mode: false });
    expect(map).toEqual({ code_mode_only: true, code_mode: true });
    expect([...turnedOn]).toEqual([['code_mode', 'code_mode_only']]);
  });

  it('adds a prerequisite the map did not mention', () => {
    const { map, turnedOn } = withPrerequisites(codex, { code_mode_only: true });
    expect(map).toEqual({ code_mode_only: true, code_mode: true });
    expect(turnedOn.get('code_mode')).toBe('code_mode_only');
  });

  it('follows prerequisites transitively', () => {
    const { map, turnedOn } = withPrerequisites(chain, { a: true, b: false, c: false });
    expect(map).toEqual({ a: true, b: true, c: true });
    expect(Object.fromEntries(turnedOn)).toEqual({ b: 'a', c: 'a' });
  });

  it('handles a cycle', () => {
    expect(withPrerequisites(chain, { x: true, y: false }).map).toEqual({ x: true, y: true });
    expect(withPrerequisites(chain, { x: false, y: false }).map).toEqual({ x: false, y: false });
  });

  it('never turns a feature off', () => {
    // code_mode on with code_mode_only off is fine: the dependency only runs one way.
    const input: FeatureMap = { code_mode: true, code_mode_only: false, fast_mode: false };
    const { map, turnedOn } = withPrerequisites(codex, input);
    expect(map).toEqual(input);
    expect(turnedOn.size).toBe(0);
    for (const k of Object.keys(input)) if (input[k]) expect(map[k]).toBe(true);
  });

  it('does not report a prerequisite that was already on', () => {
    const { turnedOn } = withPrerequisites(codex, { code_mode: true, code_mode_only: true });
    expect(turnedOn.size).toBe(0);
  });

  it('is idempotent', () => {
    const inputs: FeatureMap[] = [
      { code_mode_only: true, code_mode: false },
      { ...codex.defaults(), enable_fanout: true, multi_agent: false, code_mode_only: true },
    ];
    for (const input of inputs) {
      const once = withPrerequisites(codex, input);
      const twice = withPrerequisites(codex, once.map);
      expect(twice.map).toEqual(once.map);
      expect(twice.turnedOn.size).toBe(0);
    }
    const chained = withPrerequisites(chain, { a: true });
    expect(withPrerequisites(chain, chained.map).map).toEqual(chained.map);
  });

  it('does not modify its input', () => {
    const input = { code_mode_only: true, code_mode: false };
    withPrerequisites(codex, input);
    expect(input).toEqual({ code_mode_only: true, code_mode: false });
  });
});

describe('unmetPrerequisites', () => {
  it('pairs each enabled feature with each prerequisite set to false', () => {
    expect(unmetPrerequisites(codex, { code_mode_only: true, code_mode: false })).toEqual([
      ['code_mode_only', 'code_mode'],
    ]);
    expect(unmetPrerequisites(chain, { a: true, b: false, c: false })).toEqual([
      ['a', 'b'],
      ['a', 'c'],
    ]);
  });

  it('treats an absent prerequisite as met (only an explicit false breaks it)', () => {
    expect(unmetPrerequisites(codex, { code_mode_only: true })).toEqual([]);
  });

  it('ignores disabled features and satisfied prerequisites', () => {
    expect(unmetPrerequisites(codex, { code_mode_only: false, code_mode: false })).toEqual([]);
    expect(unmetPrerequisites(codex, { code_mode_only: true, code_mode: true })).toEqual([]);
  });
});

describe('resolveFeatures', () => {
  const defaults = codex.defaults();

  it('starts from the defaults', () => {
    const { map, turnedOn, broken } = resolveFeatures(codex, {}, {});
    expect(map).toEqual(defaults);
    expect(turnedOn.size).toBe(0);
    expect(broken).toEqual([]);
  });

  it('user values beat defaults', () => {
    const { map } = resolveFeatures(codex, { fast_mode: false, memories: true }, {});
    expect(map).toEqual({ ...defaults, fast_mode: false, memories: true });
  });

  it('pins beat user values', () => {
    const { map, broken } = resolveFeatures(
      codex,
      { fast_mode: false, memories: true },
      { fast_mode: true, hooks: false },
    );
    expect(map).toEqual({ ...defaults, fast_mode: true, memories: true, hooks: false });
    expect(broken).toEqual([]);
  });

  it("normalizes the user's values before pins and keeps the result (sticky)", () => {
    const { map, turnedOn, broken } = resolveFeatures(
      codex,
      { code_mode_only: true, code_mode: false },
      { code_mode_only: false },
    );
    expect(map.code_mode).toBe(true);
    expect(map.code_mode_only).toBe(false);
    expect(turnedOn.get('code_mode')).toBe('code_mode_only');
    expect(broken).toEqual([]);
  });

  it('a pinned-on feature turns its prerequisite on over the user', () => {
    const { map, turnedOn, broken } = resolveFeatures(codex, { code_mode: false }, { code_mode_only: true });
    expect(map).toMatchObject({ code_mode: true, code_mode_only: true });
    expect(turnedOn.get('code_mode')).toBe('code_mode_only');
    expect(broken).toEqual([]);
  });

  it('lists a pin that cannot hold', () => {
    const { map, broken } = resolveFeatures(codex, { code_mode_only: true }, { code_mode: false });
    expect(broken).toEqual(['code_mode']);
    expect(map).toMatchObject({ code_mode: true, code_mode_only: true });
  });

  it('lists broken pins in catalogue order', () => {
    const { broken } = resolveFeatures(chain, { a: true }, { c: false, b: false });
    expect(broken).toEqual(['b', 'c']);
  });

  it('a user value that agrees with a pin is no break', () => {
    expect(resolveFeatures(codex, { code_mode_only: false }, { code_mode: false }).broken).toEqual([]);
  });
});
