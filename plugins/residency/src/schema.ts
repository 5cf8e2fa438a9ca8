import type { JsonSchema } from '@ratchet/core';
import { RESIDENCIES } from './regions.js';

/** JSON Schema of the residency provider's requirement key. */
export const residencySchema: JsonSchema = {
  properties: {
    enforce_residency: {
      enum: [...RESIDENCIES],
      description:
        'Requires every session to keep its data in the given region; "us" is the only value. There is no config.toml counterpart.',
    },
  },
};
