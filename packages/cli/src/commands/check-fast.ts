import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { CommandPolicy, DamagedRulesError } from '@ratchet/plugin-command-rules';
import { checkOptions, policyFlags } from '../args.js';
import { compiledCheckKey, readCompiledCheck } from '../check-cache.js';
import type { Output } from '../output.js';
import { answerCheck } from './check-answer.js';

/** Whether `--plugin` appears before any `--`. */
function hasPluginFlag(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--plugin' || arg.startsWith('--plugin=')) return true;
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
  if (process.env.RATCHET_PLUGINS || hasPluginFlag(args)) return undefined; // plugins load with the policy
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: checkOptions, allowPositionals: true, strict: true });
  } catch {
    return undefined; // the full command reports the mistake
  }
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
  return answerCheck({ commands, warnings: entry.warnings }, values, positionals, out);
}
