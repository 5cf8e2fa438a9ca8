import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepEqual } from '@ratchet/core';
import { checkLaws, lawSeed, resolveWith } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { catalogueArbitrary, featuresArbitraries } from './arbitraries.js';
import { FeatureCatalogue, type FeatureMap } from './catalogue/catalogue.js';
import { withPrerequisites } from './normalize.js';
import { asMap, pinValues } from './pins.js';
import { field } from './keys.js';
import { featuresProvider } from './provider.js';

const seed = lawSeed();
const builtIn = featuresProvider();
describeLaws(builtIn, featuresArbitraries(builtIn.catalogue));

// The laws again over catalogues drawn at random (with the same seed), so they hold for any contributor's features.
const sampled = fc.sample(catalogueArbitrary, { seed, numRuns: 4 });
sampled.forEach((contributions, i) => {
  const shape = contributions
    .flatMap((c) => c.features.map((f) => `${f.key}${f.requires?.length ? `<-${f.requires.join('+')}` : ''}`))
    .join(' ');
  describe(`sampled catalogue ${i + 1}: ${shape}`, () => {
    const provider = featuresProvider({ contributions });
    describeLaws(provider, featuresArbitraries(provider.catalogue), { numRuns: 150 });
  });
});

/** A catalogue with pins and a user map drawn over its keys. */
const scenario = catalogueArbitrary.chain((contributions) => {
  const provider = featuresProvider({ contributions });
  const arbs = featuresArbitraries(provider.catalogue);
  return fc.tuple(fc.constant(provider), arbs.requirement, arbs.requested);
});

describe(`normalization over arbitrary catalogues (fast-check seed ${seed})`, () => {
  const params = { seed, numRuns: 300 };

  it('is idempotent and only ever turns features on', () => {
    fc.assert(
      fc.property(scenario, ([provider, , requested]) => {
        const map = asMap(requested) as FeatureMap;
        const once = withPrerequisites(provider.catalogue, map).map;
        const twice = withPrerequisites(provider.catalogue, once).map;
        return deepEqual(once, twice) && Object.keys(map).every((k) => !map[k] || once[k]);
      }),
      params,
    );
  });

  it('never turns a pinned feature against its pin without an error', () => {
    fc.assert(
      fc.property(scenario, ([provider, pins, requested]) => {
        const { effective, diagnostics } = resolveWith(provider, pins, requested);
        if (diagnostics.some((d) => d.severity === 'error')) return true;
        return Object.entries(pinValues(pins)).every(([key, pin]) => effective[field(key)] === pin);
      }),
      params,
    );
  });

  it('reports an error exactly when some pin cannot hold after normalization', () => {
    fc.assert(
      fc.property(scenario, ([provider, pins, requested]) => {
        const { diagnostics } = resolveWith(provider, pins, requested);
        const errored = diagnostics.some((d) => d.severity === 'error');
        const catalogue: FeatureCatalogue = provider.catalogue;
        // User values of features that ignore them are skipped, as Codex skips them.
        const ignored = new Set(catalogue.entries.filter((e) => e.ignoresUserValue).map((e) => e.key));
        const asked = Object.fromEntries(Object.entries(asMap(requested)).filter(([k]) => !ignored.has(k)));
        const user = withPrerequisites(catalogue, { ...catalogue.defaults(), ...(asked as FeatureMap) }).map;
        const after = withPrerequisites(catalogue, { ...user, ...pinValues(pins) }).map;
        const holds = Object.entries(pinValues(pins)).every(([k, v]) => after[k] === v);
        return errored === !holds;
      }),
      params,
    );
  });

  it('gives every catalogue feature an effective boolean', () => {
    fc.assert(
      fc.property(scenario, ([provider, pins, requested]) => {
        const { effective } = resolveWith(provider, pins, requested);
        return provider.catalogue.keys.every((k) => typeof effective[field(k)] === 'boolean');
      }),
      params,
    );
  });
});

describe('the laws catch broken feature providers', () => {
  const arbs = featuresArbitraries(builtIn.catalogue);
  const failed = (variant: typeof builtIn) => checkLaws(variant, arbs, { numRuns: 200 }).map((f) => f.law);

  it('a tighten where the second pin wins fails never-loosen', () => {
    expect(failed({ ...builtIn, tighten: (a, b) => ({ ...a, ...b }) })).toContain('never-loosen');
  });

  it('a resolve that ignores pins fails compliance', () => {
    const ignoring = {
      ...builtIn,
      resolve: (ctx: Parameters<typeof builtIn.resolve>[0]) =>
        builtIn.resolve({ ...ctx, requirement: { value: {}, origins: {} } }),
    };
    expect(failed(ignoring)).toContain('compliance');
  });

  it('a resolve that skips dependency normalization fails compliance', () => {
    const skipping = {
      ...builtIn,
      resolve: (ctx: Parameters<typeof builtIn.resolve>[0]) => {
        const out = builtIn.resolve(ctx);
        const defaults = builtIn.catalogue.defaults();
        // Pin, else the user's value, else the default: prerequisites are never switched on.
        const pins = pinValues(ctx.requirement.value);
        const plain = (name: string) =>
          pins[name.slice('features.'.length)] ??
          ctx.requested[name]?.value ??
          defaults[name.slice('features.'.length)];
        const values = Object.fromEntries(Object.entries(out.values).map(([k, d]) => [k, { ...d, value: plain(k) }]));
        return { values: values as typeof out.values };
      },
    };
    expect(failed(skipping)).toContain('compliance');
  });
});
