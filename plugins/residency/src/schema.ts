import type { JsonSchema } from '@ratchet/core';

/** JSON Schema of the residency provider's requirement key. */
export const residencySchema: JsonSchema = {
  properties: {
    enforce_residency: {
      enum: ['us'],
      description:
        'Requires every session to keep its data in the given region; "us" is the only value. There is no config.toml counterpart.',
    },
  },
};
