import {
  describeFsError,
  formatDiagnostic,
  InputError,
  isFsError,
  RatchetError,
  type DecisionLog,
} from '@ratchet/core';
import { createHost, loadPlugins, pluginList } from '@ratchet/host';
import { UsageError } from './args.js';
import { builtinPlugins, useHost } from './host.js';
import { COMMANDS, commandWords, globalFlags, subcommandsOf, type CommandSpec } from './command-table.js';
import { commandHelp, didYouMean, groupHelp, mainHelp, unknownOptionHint, version } from './help.js';
import { openDecisionLog, useDecisionLog } from './decision-log.js';
import { line, warnLine, widthOf, type Output } from './output.js';

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
  let args: readonly string[] = found.args;
  let log: DecisionLog | undefined;
  try {
    const global = globalArgs(found.args);
    args = global.args;
    const named = [...pluginList(process.env.RATCHET_PLUGINS), ...global.plugins];
    const loaded = named.length > 0 ? await loadPlugins(named) : [];
    useHost(createHost({ plugins: [...builtinPlugins(), ...loaded] }));
    log = await openDecisionLog(global.decisionLog, process.env);
    useDecisionLog(log);
    const command = await spec.load();
    return await command(args, out, err);
  } catch (error) {
    if (error instanceof InputError) {
      for (const d of error.errors) line(err, `ratchet: ${formatDiagnostic(d)}`);
      return 2;
    }
    if (error instanceof UsageError) {
      const hint =
        error.option !== undefined ? unknownOptionHint(spec, error, args) : `; run ratchet ${spec.name} --help`;
      line(err, `ratchet ${spec.name}: ${error.message}${hint}`);
      return 2;
    }
    if (error instanceof RatchetError) {
      line(err, `ratchet: ${error.message}`);
      return error.exitCode;
    }
    if (isFsError(error)) {
      // A filesystem error no command turned into input data is still the user's file or folder: name it and a fix.
      const { reason, fix } = describeFsError(error.code);
      const where = typeof error.path === 'string' ? `${error.path}: ` : '';
      line(err, `ratchet: ${where}cannot ${error.syscall ?? 'use it'} ${reason} (fix: ${fix})`);
      return 2;
    }
    line(err, `ratchet: internal error: ${(error as Error)?.message ?? String(error)}`);
    if (process.env.RATCHET_DEBUG) line(err, String((error as Error)?.stack));
    return 1;
  } finally {
    // Decisions recorded before a refusal are flushed too; a log that cannot be flushed never changes the answer.
    await log
      ?.close()
      .catch((error: unknown) => warnLine(err, `decision log: ${(error as Error)?.message ?? String(error)}`));
  }
}
