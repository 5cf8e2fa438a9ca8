import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { ResidencyRequirement, ResidencySettings } from './provider.js';

/** Generators for the residency provider's laws: the requirement is set or not; there are no user settings. */
export const residencyArbitraries: LawArbitraries<ResidencyRequirement, ResidencySettings> = {
  requirement: fc.record({ enforce_residency: fc.constant('us' as const) }, { requiredKeys: [] }),
  requested: fc.constant({}),
};
