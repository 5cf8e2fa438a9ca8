import { providerKey, settingKey } from '@ratchet/core';
import type { SandboxRequirement, SandboxSettings } from './provider.js';

/** The sandbox provider's key: `policy.requirementOf(SANDBOX_PROVIDER)` is its combined requirement. */
export const SANDBOX_PROVIDER = providerKey<SandboxRequirement, SandboxSettings>('sandbox');
/** The effective `sandbox_mode` (a permission profile's mode when one is active). */
export const SANDBOX_MODE = settingKey(SANDBOX_PROVIDER, 'sandbox_mode');
/** The active permission profile (`default_permissions`), undefined when none or when requirements cleared it. */
export const PERMISSION_PROFILE = settingKey(SANDBOX_PROVIDER, 'permission_profile');
/** The sandbox mode each config.toml `[permissions.<name>]` profile amounts to. */
export const PERMISSION_PROFILES = settingKey(SANDBOX_PROVIDER, 'permission_profiles');
