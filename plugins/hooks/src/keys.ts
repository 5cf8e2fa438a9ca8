import { providerKey, settingKey } from '@ratchet/core';
import type { HookSettings } from './provider.js';
import type { HooksRequirement } from './requirements.js';

/** The hooks provider's key: `policy.requirementOf(HOOKS_PROVIDER)` holds the managed hooks. */
export const HOOKS_PROVIDER = providerKey<HooksRequirement, HookSettings>('hooks');
/** The hooks in force by event, managed ones first (for `new HookRunner(...)`). */
export const HOOKS = settingKey(HOOKS_PROVIDER, 'hooks');
