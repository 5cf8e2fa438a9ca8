import type { JsonSchema } from '@ratchet/core';
import { REQUIREMENT_DECISIONS } from './rules/requirements.js';

/** A token: not empty, not only spaces. */
const nonBlank = { type: 'string', pattern: '\\S' };

const token = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['token'],
      properties: { token: nonBlank },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['any_of'],
      properties: { any_of: { type: 'array', minItems: 1, items: nonBlank } },
    },
  ],
};

/** JSON Schema of `[rules]` in requirements.toml. */
export const commandRulesSchema: JsonSchema = {
  properties: {
    rules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        prefix_rules: {
          type: 'array',
          minItems: 1,
          description:
            'Prefix rules; each must prompt or forbid. They merge with user .rules files and the strictest decision wins.',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['pattern', 'decision'],
            properties: {
              pattern: { type: 'array', minItems: 1, items: token },
              decision: {
                enum: [...REQUIREMENT_DECISIONS],
                description: 'prompt-user: a prompt only the user may approve, never an automatic reviewer.',
              },
              justification: nonBlank,
              reviewer: {
                deprecated: true,
                description:
                  'Ignored, with a warning; reviewer = "user" on a prompt still reads as decision = "prompt-user".',
              },
            },
          },
        },
      },
    },
  },
};
