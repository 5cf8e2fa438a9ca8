import { parseFlags, UsageError } from '../args.js';
import { schemaFlags } from '../command-table.js';
import { cliHost } from '../host.js';
import { line, type Output } from '../output.js';

/** `ratchet schema [--config]`: the JSON Schema of requirements.toml (or config.toml) for every loaded plugin. */
export function schemaCommand(args: readonly string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, schemaFlags);
  if (positionals.length > 0) throw new UsageError('schema takes no arguments');
  const host = cliHost();
  line(out, JSON.stringify(values.config ? host.configSchema() : host.schema(), null, 2));
  return Promise.resolve(0);
}
