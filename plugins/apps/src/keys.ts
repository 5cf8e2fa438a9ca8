import { providerKey, settingKey } from '@ratchet/core';
import type { AppsSettings } from './provider.js';
import type { AppsRequirement } from './requirement.js';

/** The apps provider's key: `policy.requirementOf(APPS_PROVIDER)` is its combined requirement. */
export const APPS_PROVIDER = providerKey<AppsRequirement, AppsSettings>('apps');
/** The effective `[apps]` table. */
export const APPS = settingKey(APPS_PROVIDER, 'apps');
