import { providerKey } from '@ratchet/core';
import type { SurfacesSettings } from './provider.js';
import type { SurfacesRequirement } from './requirement.js';

/** The surfaces provider's key: `policy.requirementOf(SURFACES_PROVIDER)` is its combined requirement. */
export const SURFACES_PROVIDER = providerKey<SurfacesRequirement, SurfacesSettings>('surfaces');
