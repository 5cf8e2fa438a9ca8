import { providerKey, settingKey } from '@ratchet/core';
import type { WindowsSettings } from './provider.js';
import type { WindowsRequirement } from './requirement.js';

/** The Windows provider's key: `policy.requirementOf(WINDOWS_PROVIDER)` holds the winning `[windows]` table. */
export const WINDOWS_PROVIDER = providerKey<WindowsRequirement, WindowsSettings>('windows');
/** The effective `[windows] sandbox` implementation. */
export const WINDOWS_SANDBOX = settingKey(WINDOWS_PROVIDER, 'windows.sandbox');
/** The effective `[windows] sandbox_private_desktop`. */
export const WINDOWS_PRIVATE_DESKTOP = settingKey(WINDOWS_PROVIDER, 'windows.sandbox_private_desktop');
