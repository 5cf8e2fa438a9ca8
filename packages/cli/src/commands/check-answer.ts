import type { CommandCheck, CommandPolicy, UserRules } from '@ratchet/plugin-command-rules';
import { DECISION_EXIT } from '../args.js';
import { line, type Output } from '../output.js';
import { checkJson, renderCheck } from '../render/check.js';
import type { WarningsJson } from '../render/report.js';

/** What judges commands for one policy and the user's rules, with the warnings every answer carries. */
export interface CommandChecker {
  readonly commands: CommandPolicy;
  /** As every `--json` answer carries them. */
  readonly warnings: WarningsJson;
  /** What `commands` was made from: requirements rules, then the user's (what the compiled-rules cache keeps). */
  readonly compiled: UserRules;
  /** Records one answer in the decision log; absent where no log can be open (the compiled-rules cache path). */
  readonly record?: (argv: readonly string[], check: CommandCheck) => void;
}

/** The exit status of one answer: 0, or with `--exit-code` the decision's own (3 prompt, 4 forbidden). */
export const checkStatus = (check: CommandCheck, exitCode: boolean): number =>
  exitCode && check.decision in DECISION_EXIT ? DECISION_EXIT[check.decision as keyof typeof DECISION_EXIT] : 0;

/** `ratchet check`'s answer once its checker is ready: one command (as text or `--json`), or `--batch` from stdin. */
export async function answerCheck(
  checker: CommandChecker,
  options: { readonly json: boolean; readonly batch: boolean; readonly 'exit-code': boolean },
  argv: readonly string[],
  out: Output,
): Promise<number> {
  if (options.batch) return (await import('./check-batch.js')).checkBatch(checker, process.stdin, out);
  const check = await checker.commands.checkAsync(argv);
  checker.record?.(argv, check);
  if (options.json) line(out, JSON.stringify(checkJson(check, checker.warnings), null, 2));
  else renderCheck(check, out);
  return checkStatus(check, options['exit-code']);
}
