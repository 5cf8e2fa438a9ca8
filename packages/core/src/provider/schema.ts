import type { AnyProvider, JsonSchema, SettingSpec } from './contract.js';

/** The `$id`s of the two schemas (names, not addresses: nothing is fetched from them). */
export const REQUIREMENTS_SCHEMA_ID = 'urn:ratchet:schema:requirements.toml';
export const CONFIG_SCHEMA_ID = 'urn:ratchet:schema:config.toml';

/**
 * The JSON Schema (draft 2020-12) of requirements.toml for a set of providers: each provider's fragment describes
 * its own keys, so a host that loads third-party plugins gets a schema that knows their keys too. A key no provider
 * owns is refused (`validate` warns about it and does not enforce it). A fragment's `allOf` holds constraints
 * between its top-level keys.
 */
export function requirementsSchema(providers: readonly AnyProvider[]): JsonSchema {
  const properties: Record<string, unknown> = {};
  const allOf: unknown[] = [];
  for (const provider of providers) {
    Object.assign(properties, provider.schema.properties ?? {});
    if (Array.isArray(provider.schema.allOf)) allOf.push(...(provider.schema.allOf as unknown[]));
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: REQUIREMENTS_SCHEMA_ID,
    title: 'requirements.toml',
    description: 'Administrator requirements: every field only ever tightens what users may configure.',
    type: 'object',
    properties,
    additionalProperties: false,
    ...(allOf.length > 0 && { allOf }),
  };
}

/** Sets `schema` at a dotted path of nested object schemas. */
function place(root: Record<string, Record<string, unknown>>, path: readonly string[], schema: unknown): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    root[head] = { ...(root[head] ?? {}), ...(schema as object) };
    return;
  }
  const node = (root[head] ??= { type: 'object', properties: {} });
  place(node.properties as Record<string, Record<string, unknown>>, rest, schema);
}

/**
 * The JSON Schema of the config.toml keys the providers read (each setting's key, its docs and, when the provider
 * gives one, its value's schema), at the top level and in `[profiles.NAME]`. Other keys are allowed: config.toml holds
 * much that requirements do not govern.
 */
export function configSchema(providers: readonly AnyProvider[]): JsonSchema {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const provider of providers)
    for (const spec of Object.values(provider.settings) as SettingSpec<unknown>[]) {
      place(properties, spec.configKey.split('.'), { description: spec.docs, ...spec.schema });
    }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: CONFIG_SCHEMA_ID,
    title: 'config.toml',
    description: "The user's configuration, as far as requirements govern it; other keys are not checked.",
    type: 'object',
    properties: {
      ...properties,
      profile: { type: 'string', description: 'The active [profiles.NAME].' },
      profiles: {
        type: 'object',
        description: 'Named profiles; the selected one overrides the top-level values.',
        additionalProperties: { type: 'object', properties },
      },
    },
  };
}
