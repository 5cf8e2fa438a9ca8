import type { JsonSchema } from '@ratchet/core';
import { SANDBOX_MODES } from './modes.js';

const modes = { enum: [...SANDBOX_MODES] };

/** JSON Schema of the sandbox provider's requirement keys. */
export const sandboxSchema: JsonSchema = {
  properties: {
    allowed_sandbox_modes: {
      description: 'Sandbox modes users may select. Must include "read-only", the fallback.',
      type: 'array',
      items: modes,
      contains: { const: 'read-only' },
    },
    remote_sandbox_config: {
      description:
        'Host-specific sandbox lists: the first entry whose pattern matches the host replaces allowed_sandbox_modes.',
      type: 'array',
      items: {
        type: 'object',
        required: ['hostname_patterns', 'allowed_sandbox_modes'],
        // An entry for every host ("*") is always selected when reached, so its list must hold the fallback.
        if: {
          properties: { hostname_patterns: { type: 'array', contains: { const: '*' } } },
          required: ['hostname_patterns'],
        },
        then: { properties: { allowed_sandbox_modes: { type: 'array', contains: { const: 'read-only' } } } },
        properties: {
          hostname_patterns: {
            type: 'array',
            items: { type: 'string' },
            description: 'Case-insensitive; * and ? only.',
          },
          allowed_sandbox_modes: {
            type: 'array',
            items: modes,
            description: 'Must include "read-only" when the entry is selected.',
          },
        },
      },
    },
  },
};
