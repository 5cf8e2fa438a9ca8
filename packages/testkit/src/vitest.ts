import { describe, it } from 'vitest';
import type { Provider, RequirementShape, SettingsShape } from '@ratchet/core';
import { lawSeed, lawsFor, type LawArbitraries, type LawOptions } from './laws.js';

/** Registers the whole law suite for a provider as vitest tests; the seed is printed in the suite name. */
export function describeLaws<R extends RequirementShape, V extends SettingsShape>(
  provider: Provider<R, V>,
  arbs: LawArbitraries<R, V>,
  options: LawOptions = {},
): void {
  const seed = lawSeed(options);
  describe(`laws of provider "${provider.id}" (fast-check seed ${seed})`, () => {
    for (const law of lawsFor(provider, arbs, { ...options, seed })) {
      it(`${law.name}: ${law.statement}`, () => law.check());
    }
  });
}
