import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { FeatureCatalogue } from './catalogue/catalogue.js';
import { defineFeatures, type FeatureContribution, type FeatureSpec } from './catalogue/spec.js';
import { unpinnedTable, type FeaturePins, type FeatureSettings } from './pins.js';
import { field } from './keys.js';

/** Maps from a few of `keys` (prefixed as settings or pin fields) to booleans. */
function partialMaps(keys: readonly string[], maxLength: number): fc.Arbitrary<Record<string, boolean>> {
  return fc
    .subarray([...keys], { maxLength: Math.min(maxLength, keys.length) })
    .chain((picked) =>
      fc
        .tuple(...picked.map(() => fc.boolean()))
        .map((values) => Object.fromEntries(picked.map((k, i) => [field(k), values[i]!]))),
    );
}

/** The keys worth exercising: every feature in a dependency, plus a few plain ones. */
function interestingKeys(catalogue: FeatureCatalogue): string[] {
  const linked = new Set<string>();
  for (const key of catalogue.keys) {
    const needs = catalogue.prerequisites(key);
    if (needs.length > 0) [key, ...needs].forEach((k) => linked.add(k));
  }
  const plain = catalogue.keys.filter((k) => !linked.has(k)).slice(0, 4);
  return [...linked, ...plain];
}

/**
 * Law generators for a features provider over `catalogue`: pins and user maps over its linked and a few plain keys.
 * A requirement is either a few pins alone or, as a layer's `[features]` table parses, every other key unpinned.
 */
export function featuresArbitraries(catalogue: FeatureCatalogue): LawArbitraries<FeaturePins, FeatureSettings> {
  const keys = interestingKeys(catalogue);
  const tables = partialMaps(keys, 5).map((pins): FeaturePins => ({ ...unpinnedTable(catalogue), ...pins }));
  return { requirement: fc.oneof(partialMaps(keys, 5), tables), requested: partialMaps(keys, 6) };
}

/** Small valid catalogues from one or two contributors, with dependencies (cycles included) and aliases. */
export const catalogueArbitrary: fc.Arbitrary<FeatureContribution[]> = fc
  .integer({ min: 2, max: 7 })
  .chain((n) => {
    const keys = Array.from({ length: n }, (_, i) => `f${i}`);
    const feature = (key: string) =>
      fc
        .record({
          requires: fc.subarray(
            keys.filter((k) => k !== key),
            { maxLength: Math.min(2, n - 1) },
          ),
          default: fc.boolean(),
          alias: fc.boolean(),
          stage: fc.constantFrom('stable', 'experimental', 'under-development', 'deprecated', 'removed' as const),
          // Codex ignores user values of some features, and pins of a few of those.
          ignored: fc.constantFrom('no', 'no', 'no', 'user', 'pin'),
        })
        .map((f): FeatureSpec => ({
          key,
          stage: f.stage,
          default: f.requires.length === 0 && f.default,
          requires: f.requires,
          ...(f.alias && { aliases: [`old_${key}`] }),
          ...(f.ignored !== 'no' && { ignoresUserValue: true }),
          ...(f.ignored === 'pin' && { ignoredPinReason: '' }),
        }));
    return fc.tuple(fc.tuple(...keys.map(feature)), fc.integer({ min: 0, max: n }));
  })
  .map(([features, split]) =>
    [defineFeatures('alpha', features.slice(0, split)), defineFeatures('beta', features.slice(split))].filter(
      (c) => c.features.length > 0,
    ),
  );
