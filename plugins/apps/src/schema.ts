import type { JsonSchema } from '@ratchet/core';
import { APPROVAL_MODES } from './requirement.js';

const source = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'type'],
  description: "Opt-in analytics extraction for this tool's results; unknown formats are kept.",
  properties: { format: { type: 'string', examples: ['detailed_message_search_v1'] }, type: { type: 'string' } },
};

const tool = {
  type: 'object',
  properties: {
    approval_mode: {
      enum: [...APPROVAL_MODES],
      description: "Overrides the user's approval mode for this tool.",
    },
    analytics_result_source: source,
  },
};

/** JSON Schema of the apps provider's requirement keys. */
export const appsSchema: JsonSchema = {
  properties: {
    apps: {
      type: 'object',
      description:
        'Apps (connectors) by id. enabled = false from any layer disables the app; enabled = true never re-enables one.',
      additionalProperties: {
        type: 'object',
        properties: {
          enabled: { type: 'boolean' },
          tools: { type: 'object', additionalProperties: tool },
        },
      },
    },
  },
};
