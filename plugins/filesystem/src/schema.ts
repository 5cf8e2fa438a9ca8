import type { JsonSchema } from '@ratchet/core';

/** JSON Schema of the filesystem provider's requirement key. */
export const filesystemSchema: JsonSchema = {
  properties: {
    permissions: {
      type: 'object',
      description:
        'Filesystem constraints; other [permissions.<name>] tables are managed permission profiles (accepted, not enforced).',
      properties: {
        filesystem: {
          type: 'object',
          description: 'Requirements-level filesystem constraints; it cannot define a profile (no extends).',
          additionalProperties: false,
          properties: {
            deny_read: {
              type: 'array',
              items: { type: 'string' },
              description:
                "Paths and globs (*, ?, [) nobody may read; relative entries resolve against the requirements file's folder, ~ expands to the home folder. Joined across layers.",
            },
          },
        },
      },
      additionalProperties: { type: 'object' },
    },
  },
};
