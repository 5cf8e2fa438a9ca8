import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineLayers, type LayeringMode } from '@ratchet/core';
import { checkLaws, lawSeed, resolveWith, TEST_SOURCE } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { residencyArbitraries } from './arbitraries.js';
import { residencyProvider, type ResidencyRequirement } from './provider.js';

const seed = lawSeed();
const provider = residencyProvider();
describeLaws(provider, residencyArbitraries);

type Req = Partial<ResidencyRequirement>;

/**
 * With no user setting, the generic laws cannot see resolve or tighten; this property can: whenever any layer
 * requires residency, in either layering mode, the effective value is "us".
 */
const enforcedWhenRequired = (variant: typeof provider) =>
  fc.check(
    fc.property(
      fc.array(residencyArbitraries.requirement, { maxLength: 4 }),
      fc.constantFrom<LayeringMode>('precedence', 'strict'),
      (layers, mode) => {
        const combined = combineLayers(
          variant,
          layers.map((requirement) => ({ source: TEST_SOURCE, requirement })),
          mode,
        ).value;
        const required = layers.some((l) => l.enforce_residency !== undefined);
        return resolveWith(variant, combined, {}).effective.enforce_residency === (required ? 'us' : undefined);
      },
    ),
    { seed, numRuns: 300 },
  ).failed === false;

describe(`residency is enforced whenever a layer requires it (fast-check seed ${seed})`, () => {
  it('holds for the provider', () => {
    expect(enforcedWhenRequired(provider)).toBe(true);
  });

  it('fails for a tighten that lets the second requirement win', () => {
    expect(enforcedWhenRequired({ ...provider, tighten: (_a: Req, b: Req) => b })).toBe(false);
  });

  it('fails for a resolve that ignores the requirement', () => {
    expect(
      enforcedWhenRequired({
        ...provider,
        resolve: () => ({ values: { enforce_residency: { value: undefined, rule: 'ignored' } } }),
      }),
    ).toBe(false);
  });
});

describe('the laws catch a broken residency provider', () => {
  it('the real provider passes every law', () => {
    expect(checkLaws(provider, residencyArbitraries, { numRuns: 200 })).toEqual([]);
  });

  it('a print that spells the region in capitals is caught', () => {
    const shouting = { ...provider, print: (r: Req) => (r.enforce_residency ? { enforce_residency: 'US' } : {}) };
    expect(checkLaws(shouting, residencyArbitraries, { numRuns: 200 }).map((f) => f.law)).toContain(
      'parse-print-roundtrip',
    );
  });
});
