import { UsageError } from './args.js';
import { line, type Output } from './output.js';
import { USAGE } from './usage.js';

/** `--plugin MODULE` and `--plugin=MODULE` before any `--`, taken out of the arguments in order. */
export function pluginFlags(args: readonly string[]): { readonly args: string[]; readonly plugins: string[] } {
  const rest: string[] = [];
  const plugins: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    if (arg.startsWith('--plugin=')) plugins.push(arg.slice('--plugin='.length));
    else if (arg !== '--plugin') rest.push(arg);
    else if (args[i + 1] === undefined || args[i + 1]!.startsWith('-')) throw new UsageError('--plugin needs a MODULE');
    else plugins.push(args[++i]!);
  }
  return { args: rest, plugins };
}

export type Command = (args: readonly string[], out: Output, err: Output) => Promise<number>;

/** Each command's module is loaded only when that command runs, so start-up pays for one command, not all. */
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  resolve: async () => (await import('./commands/resolve.js')).resolveCommand,
  explain: async () => (await import('./commands/explain.js')).explainCommand,
  check: async () => (await import('./commands/check.js')).checkCommand,
  'check-domain': async () => (await import('./commands/check-domain.js')).checkDomainCommand,
  validate: async () => (await import('./commands/validate.js')).validateCommand,
  'check-write': async () => (await import('./commands/check-write.js')).checkWriteCommand,
  config: async () => (await import('./commands/config.js')).configCommand,
  mcp: async () => (await import('./commands/mcp.js')).mcpCommand,
  hooks: async () => (await import('./commands/hooks.js')).hooksCommand,
  schema: async () => (await import('./commands/schema.js')).schemaCommand,
  sources: async () => (await import('./commands/sources.js')).sourcesCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  diff: async () => (await import('./commands/diff.js')).diffCommand,
  test: async () => (await import('./commands/test.js')).testCommand,
  simulate: async () => (await import('./commands/simulate.js')).simulateCommand,
};

/** Runs the command line; returns the exit status (0 answered, 2 invalid input, 1 internal failure). */
export async function run(argv: readonly string[], out: Output, err: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    line(name === undefined ? err : out, USAGE.trimEnd());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    line(err, `ratchet: unknown command "${name}"; run ratchet --help`);
    return 2;
  }
  return (await import('./dispatch.js')).dispatch(name, rest, load, out, err);
}
