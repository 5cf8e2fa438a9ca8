import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import { DENY_READ } from '@ratchet/plugin-filesystem/keys';
import { SANDBOX_MODES, USER_SANDBOX_MODES, type SandboxMode } from './modes.js';
import type { SandboxRequirement, SandboxSettings } from './provider.js';

const PROFILE_NAMES = [':read-only', ':workspace', ':danger-full-access', 'dev'];

/** Generators for the sandbox provider's laws; the filesystem provider's deny_read list (absent, empty or not) varies too. */
export const sandboxArbitraries: LawArbitraries<SandboxRequirement, SandboxSettings> = {
  requirement: fc.record(
    {
      allowed_sandbox_modes: fc.shuffledSubarray<SandboxMode>([...SANDBOX_MODES]),
      // The built-ins and a profile the user may or may not define; invalid combinations are filtered by validate.
      allowed_permission_profiles: fc.record(
        {
          allowed: fc.dictionary(fc.constantFrom(...PROFILE_NAMES), fc.boolean(), { maxKeys: 4 }),
          default: fc.constantFrom(...PROFILE_NAMES),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
  requested: fc.record(
    {
      sandbox_mode: fc.constantFrom<SandboxMode>(...USER_SANDBOX_MODES),
      // Built-in profiles, a defined one, and a name nothing defines (which resolution refuses).
      permission_profile: fc.constantFrom(':read-only', ':workspace', ':danger-full-access', 'dev', 'missing'),
      permission_profiles: fc.record(
        { dev: fc.constantFrom<SandboxMode>(...USER_SANDBOX_MODES) },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  ),
  dependencies: fc.record(
    { [DENY_READ.name]: fc.subarray(['/home/alice/.ssh', '/srv/private/**/*.txt', '/etc/shadow']) },
    { requiredKeys: [] },
  ),
};
