import { providerKey } from '@ratchet/core';
import type { NetworkRequirement } from './requirement.js';
import type { NetworkSettings } from './settings.js';

/** The network provider's key: `policy.requirementOf(NETWORK_PROVIDER)` holds the winning `[experimental_network]`. */
export const NETWORK_PROVIDER = providerKey<NetworkRequirement, NetworkSettings>('network');
