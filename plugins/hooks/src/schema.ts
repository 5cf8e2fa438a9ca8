import type { JsonSchema } from '@ratchet/core';
import { HANDLER_TYPES } from './config.js';
import { EVENTS } from './events.js';

const handler = {
  type: 'object',
  required: ['type'],
  if: { properties: { type: { const: 'command' } } },
  then: { required: ['command'] },
  properties: {
    type: { enum: [...HANDLER_TYPES] },
    command: {
      type: 'string',
      description: 'Required for type = "command"; an absolute script path under the managed directory.',
    },
    command_windows: { type: 'string' },
    timeout: { type: 'integer', minimum: 0, description: 'Seconds; default 600, at least 1.' },
    async: { type: 'boolean' },
    statusMessage: { type: 'string' },
  },
};

const group = {
  type: 'object',
  properties: {
    matcher: {
      type: 'string',
      description: 'Empty or "*": every tool; plain names (Bash|Edit): exact list; else a regular expression.',
    },
    hooks: { type: 'array', items: handler },
  },
};

/** JSON Schema of `[hooks]` and `allow_managed_hooks_only` in requirements.toml. */
export const hooksSchema: JsonSchema = {
  properties: {
    hooks: {
      type: 'object',
      description: 'Managed hooks: appended across layers, run before user hooks, never removable by users.',
      properties: {
        managed_dir: { type: 'string' },
        windows_managed_dir: { type: 'string' },
        ...Object.fromEntries(EVENTS.map((e) => [e, { type: 'array', items: group }])),
      },
    },
    allow_managed_hooks_only: { type: 'boolean', description: 'When true, hooks from user config are dropped.' },
  },
};
