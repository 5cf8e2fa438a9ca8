import type { AnyProvider, JsonSchema } from './contract.js';

/**
 * The JSON Schema (draft 2020-12) of requirements.toml for a set of providers: each provider's fragment describes
 * its own keys, so a host that loads third-party plugins gets a schema that knows their keys too.
 */
export function requirementsSchema(providers: readonly AnyProvider[]): JsonSchema {
  const properties: Record<string, unknown> = {};
  for (const provider of providers) Object.assign(properties, provider.schema.properties ?? {});
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'requirements.toml',
    description: 'Administrator requirements: every field only ever tightens what users may configure.',
    type: 'object',
    properties,
  };
}
