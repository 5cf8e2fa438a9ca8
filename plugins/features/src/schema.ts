import type { JsonSchema } from '@ratchet/core';
import type { FeatureCatalogue } from './catalogue/catalogue.js';

/** JSON Schema of `[features]` (and its older name `[feature_requirements]`): canonical keys and requirements-only names, boolean values. */
export function featuresSchema(catalogue: FeatureCatalogue): JsonSchema {
  const pinAliases = catalogue.entries.flatMap((e) => (e.pinAliases ?? []).map((alias) => [alias, e.key] as const));
  const aliases = catalogue.entries.flatMap((e) => (e.aliases ?? []).map((alias) => [alias, e.key] as const));
  // A pin true needs every feature it requires not pinned false: normalization would turn it on, and the pins fail.
  const holdTogether = catalogue.entries.flatMap((e) =>
    catalogue.prerequisites(e.key).map((needed) => ({
      if: { properties: { [e.key]: { const: true } }, required: [e.key] },
      then: { properties: { [needed]: { not: { const: false } } } },
    })),
  );
  const table = {
    type: 'object',
    // An unknown key is warned about and ignored, as Codex ignores it, and `validate --strict` fails on it: the schema
    // refuses it, so an editor shows the misspelt feature.
    additionalProperties: false,
    ...(holdTogether.length > 0 && { allOf: holdTogether }),
    properties: Object.fromEntries<JsonSchema>([
      ...catalogue.entries.map((e): [string, JsonSchema] => [
        e.key,
        {
          type: 'boolean',
          description: `${e.docs ?? e.key} (${e.stage}, default ${e.default})${e.ignoredPinReason !== undefined ? '; a pin is ignored' : ''}`,
        },
      ]),
      ...pinAliases.map(([alias, key]): [string, JsonSchema] => [
        alias,
        { type: 'boolean', description: `Pins ${key}; ${key} wins when both are set.` },
      ]),
      ...aliases
        .filter(([alias]) => !pinAliases.some(([p]) => p === alias))
        .map(([alias, key]): [string, JsonSchema] => [
          alias,
          { type: 'boolean', deprecated: true, description: `Older name of ${key}: pins it, with a warning.` },
        ]),
    ]),
  };
  return {
    properties: {
      features: {
        description:
          'Feature pins: canonical feature key = true or false; omitted keys stay unconstrained. The highest layer with this table decides every pin.',
        ...table,
      },
      feature_requirements: { description: 'Older name of [features]; do not set both.', deprecated: true, ...table },
    },
    allOf: [{ not: { required: ['features', 'feature_requirements'] } }],
  };
}
