import { describe, expect, it } from 'vitest';
import { describeLaws } from '@ratchet/testkit/vitest';
import { checkLaws, DEFAULT_SEED } from '@ratchet/testkit';
import { bundled } from './registry.js';

for (const { provider, arbitraries } of bundled) describeLaws(provider, arbitraries);

describe('the law suite catches a broken tighten', () => {
  for (const { provider, arbitraries } of bundled) {
    it(`${provider.id}: a tighten that lets the second requirement win loosens the first`, () => {
      const broken = { ...provider, tighten: (_a: object, b: object) => b };
      const failures = checkLaws(broken, arbitraries, { seed: DEFAULT_SEED, numRuns: 200 }).map((f) => f.law);
      expect(failures).toContain('never-loosen');
    });

    it(`${provider.id}: a tighten that unions lists loosens both`, () => {
      const union = (a: Record<string, unknown>, b: Record<string, unknown>) => {
        const out: Record<string, unknown> = { ...a };
        for (const [k, v] of Object.entries(b)) {
          const mine = out[k];
          out[k] = Array.isArray(mine) && Array.isArray(v) ? [...mine, ...v] : mine ?? v;
        }
        return out;
      };
      const broken = { ...provider, tighten: union };
      const failures = checkLaws(broken, arbitraries, { seed: DEFAULT_SEED, numRuns: 200 }).map((f) => f.law);
      expect(failures).toContain('never-loosen');
    });
  }
});
