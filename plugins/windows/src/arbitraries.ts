import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import { WINDOWS_SANDBOXES, type WindowsSandbox } from './implementations.js';
import type { WindowsSettings } from './provider.js';
import type { WindowsRequirement, WindowsTable } from './requirement.js';

const impl = fc.constantFrom<WindowsSandbox>(...WINDOWS_SANDBOXES);

/** One `[windows]` table as parse leaves it: any list (the empty one too, which validate refuses), any pin, or neither. */
export const windowsTableArbitrary: fc.Arbitrary<WindowsTable> = fc.record(
  {
    allowed_sandbox_implementations: fc.shuffledSubarray<WindowsSandbox>([...WINDOWS_SANDBOXES]),
    sandbox_private_desktop: fc.boolean(),
    require_mxc: fc.boolean(),
  },
  { requiredKeys: [] },
);

/** Generators for the windows provider's laws. */
export const windowsArbitraries: LawArbitraries<WindowsRequirement, WindowsSettings> = {
  requirement: fc.record({ windows: windowsTableArbitrary }, { requiredKeys: [] }),
  requested: fc.record(
    { 'windows.sandbox': impl, 'windows.sandbox_private_desktop': fc.boolean() },
    { requiredKeys: [] },
  ),
};
