import type { JsonSchema } from '@ratchet/core';
import { ALLOWED, DEFAULT } from './allowed-profiles.js';
import { SANDBOX_MODES } from './modes.js';
import { BUILTIN_PROFILES } from './profiles.js';

const allows = (...names: string[]) => ({
  properties: {
    [ALLOWED]: {
      type: 'object',
      required: names,
      properties: Object.fromEntries(names.map((n) => [n, { const: true }])),
    },
  },
});

/**
 * Codex's rules between the two permission-profile keys: a default needs the list; without one the list must allow
 * both :workspace and :read-only; a built-in default must be allowed (a named profile's cannot be stated here).
 */
const profileRules = [
  { dependentRequired: { [DEFAULT]: [ALLOWED] } },
  { if: { required: [ALLOWED], not: { required: [DEFAULT] } }, then: allows(':workspace', ':read-only') },
  ...Object.keys(BUILTIN_PROFILES).map((name) => ({
    if: { properties: { [DEFAULT]: { const: name } }, required: [DEFAULT, ALLOWED] },
    then: allows(name),
  })),
];

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
    [ALLOWED]: {
      description:
        'Permission profiles users may select ("<profile>" = true); an omitted profile is denied. Each must be a built-in ' +
        '(:read-only, :workspace, :danger-full-access) or a [permissions.<name>] profile the user defines.',
      type: 'object',
      additionalProperties: { type: 'boolean' },
    },
    [DEFAULT]: {
      description:
        `The profile a disallowed or missing default_permissions falls back to. Needs ${ALLOWED}, which must allow it; ` +
        'required unless :workspace and :read-only are both allowed (then :workspace).',
      type: 'string',
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
  allOf: profileRules,
};
