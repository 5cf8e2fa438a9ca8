import type { JsonSchema } from '@ratchet/core';

/** JSON Schema of the web search provider's requirement keys. */
export const webSearchSchema: JsonSchema = {
  properties: {
    allowed_web_search_modes: {
      description: 'Web search modes users may select; "disabled" is always allowed, so [] means disabled only.',
      type: 'array',
      items: { enum: ['disabled', 'cached', 'indexed', 'live'] },
    },
  },
};
