import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import { SANDBOX_MODES, USER_SANDBOX_MODES, type SandboxMode } from './modes.js';
import type { SandboxRequirement, SandboxSettings } from './provider.js';

/** Generators for the sandbox provider's laws. */
export const sandboxArbitraries: LawArbitraries<SandboxRequirement, SandboxSettings> = {
  requirement: fc.record({ allowed_sandbox_modes: fc.shuffledSubarray<SandboxMode>([...SANDBOX_MODES]) }, { requiredKeys: [] }),
  requested: fc.record({ sandbox_mode: fc.constantFrom<SandboxMode>(...USER_SANDBOX_MODES) }, { requiredKeys: [] }),
};
