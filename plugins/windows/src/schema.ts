import type { JsonSchema } from '@ratchet/core';
import { WINDOWS_SANDBOXES } from './implementations.js';

/** JSON Schema of the windows provider's requirement key. */
export const windowsSchema: JsonSchema = {
  properties: {
    windows: {
      type: 'object',
      description: 'Windows sandbox requirements; the highest layer with a [windows] table wins the whole table.',
      properties: {
        allowed_sandbox_implementations: {
          type: 'array',
          minItems: 1,
          items: { enum: [...WINDOWS_SANDBOXES] },
          description:
            'Windows sandbox implementations users may select; a disallowed or unset windows.sandbox falls back to elevated if allowed, else unelevated. [] is an error.',
        },
        sandbox_private_desktop: {
          type: 'boolean',
          description: "Replaces the user's windows.sandbox_private_desktop.",
        },
        require_mxc: {
          type: 'boolean',
          description:
            'Whether the MXC Windows sandbox is required; reported as windows.require_mxc for hosts to enforce.',
        },
      },
    },
  },
};
