import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineLayers, type RequirementSource } from '@ratchet/core';
import { lawSeed, parseSlice } from '@ratchet/testkit';
import { hasUnsatisfiable, pinValues } from './pins.js';
import { featuresProvider } from './provider.js';

const provider = featuresProvider();
const keys = ['code_mode', 'code_mode_only', 'fast_mode', 'hooks', 'memories', 'shell_tool'];
const seed = lawSeed();

/** Up to four layers, highest first: each with no `[features]` table, or a table pinning a few keys. */
const layers = fc.array(
  fc.option(fc.dictionary(fc.constantFrom(...keys), fc.boolean(), { maxKeys: 4 }), { nil: undefined }),
  { minLength: 1, maxLength: 4 },
);

/** The layers parsed as the engine parses them, each named `layer-<i>.toml`. */
function parsed(tables: readonly (Record<string, boolean> | undefined)[]) {
  return tables.map((table, i) => {
    const source: RequirementSource = { kind: 'file', label: `layer-${i}.toml` };
    return {
      source,
      requirement: parseSlice(provider, table === undefined ? {} : { features: table }, { source }).requirement,
    };
  });
}

describe(`[features] layering (fast-check seed ${seed})`, () => {
  const params = { seed, numRuns: 300 };

  it('precedence: the pins are exactly those of the highest layer with a table, each traced to that layer alone', () => {
    fc.assert(
      fc.property(layers, (tables) => {
        const combined = combineLayers(provider, parsed(tables));
        const winner = tables.findIndex((t) => t !== undefined);
        expect(pinValues(combined.value)).toEqual(winner < 0 ? {} : tables[winner]);
        const origins = combined.origins as Record<string, readonly RequirementSource[] | undefined>;
        for (const key of Object.keys(pinValues(combined.value)))
          expect(origins[`features.${key}`]!.map((s) => s.label)).toEqual([`layer-${winner}.toml`]);
      }),
      params,
    );
  });

  it('strict: every layer pin holds, and a key pinned both ways is unsatisfiable', () => {
    fc.assert(
      fc.property(layers, (tables) => {
        const combined = combineLayers(provider, parsed(tables), 'strict').value;
        const pinned = tables.filter((t) => t !== undefined).flatMap((t) => Object.entries(t));
        const contradicted = pinned.some(([k, v]) => pinned.some(([k2, v2]) => k === k2 && v !== v2));
        expect(hasUnsatisfiable(combined)).toBe(contradicted);
        for (const [key, value] of pinned) if (!contradicted) expect(pinValues(combined)[key]).toBe(value);
      }),
      params,
    );
  });

  it('precedence never allows more than strict', () => {
    fc.assert(
      fc.property(
        layers,
        fc.dictionary(fc.constantFrom(...keys.map((k) => `features.${k}`)), fc.boolean()),
        (tables, settings) => {
          const strict = combineLayers(provider, parsed(tables), 'strict').value;
          const precedence = combineLayers(provider, parsed(tables)).value;
          return !provider.allows(strict, settings) || provider.allows(precedence, settings);
        },
      ),
      params,
    );
  });
});
