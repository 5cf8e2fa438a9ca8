import type { JsonSchema } from '@ratchet/core';
import type { FeatureCatalogue } from './catalogue/catalogue.js';

/** JSON Schema of `[features]` (and its older name `[feature_requirements]`): canonical keys only, boolean values. */
export function featuresSchema(catalogue: FeatureCatalogue): JsonSchema {
  const table = {
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      catalogue.entries.map((e) => [e.key, { type: 'boolean', description: `${e.docs ?? e.key} (${e.stage}, default ${e.default})` }]),
    ),
  };
  return {
    properties: {
      features: { description: 'Feature pins: canonical feature key = true or false; omitted keys stay unconstrained.', ...table },
      feature_requirements: { description: 'Older name of [features]; do not set both.', deprecated: true, ...table },
    },
  };
}
