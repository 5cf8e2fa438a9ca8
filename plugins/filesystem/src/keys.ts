import { outputKey, providerKey } from '@ratchet/core';
import type { FilesystemRequirement, FilesystemSettings } from './provider.js';

/** The filesystem provider's key: `policy.requirementOf(FILESYSTEM_PROVIDER)` holds the combined deny_read list. */
export const FILESYSTEM_PROVIDER = providerKey<FilesystemRequirement, FilesystemSettings>('filesystem');
/** The effective deny_read list (absolute paths and globs); non-empty limits the sandbox modes. */
export const DENY_READ = outputKey<readonly string[]>(FILESYSTEM_PROVIDER, 'permissions.filesystem.deny_read');
