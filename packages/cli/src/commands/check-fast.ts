import { homedir } from 'node:os';
import { CommandPolicy, DamagedRulesError } from '@ratchet/plugin-command-rules';
import { checkFlags, parsePlainFlags, policyFlags } from '../args.js';
import { compiledCheckKey, readCompiledCheck } from '../check-cache.js';
import { otlpAsked } from '../decision-log-env.js';
import type { Output } from '../output.js';
import { answerCheck } from './check-answer.js';
// Imported, not loaded on demand as the full command does: this bundle holds it anyway, and a dynamic import would make
// the bundler wrap every module in a lazy initializer.
import { checkBatch } from './check-batch.js';

/** Whether a global flag (`--plugin`, `--decision-log`) or a request for help appears before any `--`. */
function hasGlobalFlag(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    const name = arg.split('=', 1)[0];
    if (name === '--plugin' || name === '--decision-log' || arg === '--help' || arg === '-h') return true;
  }
  return false;
}

/**
 * `ratchet check` from the compiled-rules cache, without loading the policy: when an entry for exactly these sources
 * passes its checks, the answer (and any warning line) is what loading would have given. Undefined when there is no
 * usable entry or the arguments are not a plain check; the command then runs in full (and writes an entry). The command's
 * `bin` tries this first, from its own small bundle (`dist/check-fast.cjs`), before loading the rest of the command.
 */
export async function checkFromCache(args: readonly string[], out: Output, err: Output): Promise<number | undefined> {
  // Plugins load with the policy, and a decision log records from it.
  if (process.env.RATCHET_PLUGINS || hasGlobalFlag(args) || otlpAsked(process.env)) return undefined;
  // Anything but the plain forms goes to the full command, which also reports a mistake.
  const parsed = parsePlainFlags(args, checkFlags);
  if (parsed === undefined) return undefined;
  const { values, positionals } = parsed;
  if (values.batch === positionals.length > 0) return undefined;
  const key = compiledCheckKey(policyFlags(values), values.rules);
  const entry = key === undefined ? undefined : readCompiledCheck(key);
  if (!entry) return undefined;
  const { rules } = entry;
  const commands = new CommandPolicy(rules, rules.hostExecutables, { cwd: process.cwd(), homedir: homedir() });
  // Each program's rules are checked when a decision first needs them: judge the command (or, for a batch or a script
  // the grammar reads, check every rule) before anything is written, so a damaged entry still means a full load.
  try {
    if (values.batch || commands.check(positionals).grammarNeeded) rules.all();
  } catch (error) {
    if (error instanceof DamagedRulesError) return undefined;
    throw error;
  }
  for (const text of entry.stderr) err.write(text);
  const checker = { commands, warnings: entry.warnings };
  if (values.batch) return checkBatch(checker, process.stdin, out);
  return answerCheck(checker, values, positionals, out);
}
