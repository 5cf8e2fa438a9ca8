import { UsageError } from './args.js';
import { COMMANDS, commandWords, globalFlags, subcommandsOf, type CommandSpec } from './command-table.js';
import { commandHelp, didYouMean, groupHelp, mainHelp, version } from './help.js';
import { line, widthOf, type Output } from './output.js';

/** The global flags that take a value (`--plugin MODULE`, `--decision-log FILE`), before any `--`, taken out in order. */
export function globalArgs(args: readonly string[]): {
  readonly args: string[];
  readonly plugins: string[];
  readonly decisionLog?: string;
} {
  const rest: string[] = [];
  const found: Record<'plugin' | 'decision-log', string[]> = { plugin: [], 'decision-log': [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      rest.push(...args.slice(i));
      break;
    }
    const name = (['plugin', 'decision-log'] as const).find((n) => arg === `--${n}` || arg.startsWith(`--${n}=`));
    if (name === undefined) rest.push(arg);
    else if (arg.includes('=')) found[name].push(arg.slice(name.length + 3));
    else if (args[i + 1] === undefined || (args[i + 1]!.startsWith('-') && args[i + 1] !== '-'))
      throw new UsageError(`--${name} needs a ${globalFlags[name].value}`);
    else found[name].push(args[++i]!);
  }
  if (found['decision-log'].length > 1) throw new UsageError('--decision-log is given more than once');
  const decisionLog = found['decision-log'][0];
  return { args: rest, plugins: found.plugin, ...(decisionLog !== undefined && { decisionLog }) };
}

/** The row of the command table `argv` names, and the arguments its body receives; or what to say instead. */
function lookup(argv: readonly string[]): { spec: CommandSpec; args: readonly string[] } | { problem: string } {
  const [word = '', ...rest] = argv;
  const subs = subcommandsOf(word);
  if (subs.length === 0) {
    const spec = COMMANDS.find((c) => c.name === word);
    if (spec) return { spec, args: rest };
    return { problem: `ratchet: unknown command "${word}"${didYouMean(word, commandWords())}; run ratchet --help` };
  }
  const sub = rest[0];
  const spec = COMMANDS.find((c) => c.name === `${word} ${sub}`);
  if (spec) return { spec, args: rest };
  const what =
    sub === undefined || sub.startsWith('-')
      ? `${word} needs a subcommand: ${subs.join(', ')}`
      : `unknown ${word} subcommand "${sub}"${didYouMean(sub, subs)}; subcommands: ${subs.join(', ')}`;
  return { problem: `ratchet ${word}: ${what}; run ratchet ${word} --help` };
}

/** Whether `--help` or `-h` comes before any `--`. */
const asksHelp = (args: readonly string[]) => {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Runs the command line; returns the exit status (0 answered, 2 invalid input, 1 internal failure). */
export async function run(argv: readonly string[], out: Output, err: Output): Promise<number> {
  const [name] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && argv[1] !== undefined ? lookup(argv.slice(1)) : undefined;
    if (topic && 'spec' in topic) return (line(out, commandHelp(topic.spec, widthOf(out))), 0);
    line(name === undefined ? err : out, mainHelp(widthOf(name === undefined ? err : out)));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-V') return (line(out, `ratchet ${version()}`), 0);
  if (subcommandsOf(name).length > 0 && (argv[1] === '--help' || argv[1] === '-h'))
    return (line(out, groupHelp(name, widthOf(out))), 0);
  const found = lookup(argv);
  if ('problem' in found) return (line(err, found.problem), 2);
  const { spec } = found;
  if (asksHelp(found.args)) return (line(out, commandHelp(spec, widthOf(out))), 0);
  // The host, the plugins, the decision log and the command's own module load only now.
  return (await import('./dispatch.js')).dispatch(spec, found.args, out, err);
}
