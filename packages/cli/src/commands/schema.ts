import { parseArgs } from 'node:util';
import { guard, UsageError } from '../args.js';
import { builtinProviders } from '../host.js';
import { line, type Output } from '../output.js';

/** The JSON Schema of requirements.toml for every loaded provider. */
export function requirementsSchema() {
  const properties: Record<string, unknown> = {};
  for (const provider of builtinProviders()) {
    Object.assign(properties, (provider.schema.properties ?? {}) as Record<string, unknown>);
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'requirements.toml',
    description: 'Administrator requirements: every field only ever tightens what users may configure.',
    type: 'object',
    properties,
  };
}

/** `ratchet schema`: prints the JSON Schema of requirements.toml. */
export async function schemaCommand(args: readonly string[], out: Output): Promise<number> {
  const { positionals } = guard(() => parseArgs({ args: [...args], options: {}, allowPositionals: true }));
  if (positionals.length > 0) throw new UsageError('schema takes no arguments');
  line(out, JSON.stringify(requirementsSchema(), null, 2));
  return 0;
}
