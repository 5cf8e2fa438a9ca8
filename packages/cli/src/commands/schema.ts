import { parseFlags, UsageError } from '../args.js';
import { schemaFlags } from '../command-table.js';
import { cliHost } from '../host.js';
import { line, type Output } from '../output.js';

/** `ratchet schema`: prints the JSON Schema of requirements.toml for every loaded plugin (built-in and third-party). */
export function schemaCommand(args: readonly string[], out: Output): Promise<number> {
  const { positionals } = parseFlags(args, schemaFlags);
  if (positionals.length > 0) throw new UsageError('schema takes no arguments');
  line(out, JSON.stringify(cliHost().schema(), null, 2));
  return Promise.resolve(0);
}
