import { outputKey, providerKey } from '@ratchet/core';
import type { ResidencyRequirement, ResidencySettings } from './provider.js';
import type { Residency } from './regions.js';

/** The residency provider's key. */
export const RESIDENCY_PROVIDER = providerKey<ResidencyRequirement, ResidencySettings>('residency');
/** The region every session must keep its data in, undefined when requirements name none. */
export const ENFORCE_RESIDENCY = outputKey<Residency>(RESIDENCY_PROVIDER, 'enforce_residency');
