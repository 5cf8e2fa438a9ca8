import type { CommandCheck, CommandPolicy } from '@ratchet/plugin-command-rules';
import { DECISION_EXIT } from '../args.js';
import { line, type Output } from '../output.js';
import { checkJson, renderCheck } from '../render/check.js';
import type { WarningsJson } from '../render/report.js';

/** What judges commands for one policy and the user's rules, with the warnings every answer carries. */
export interface CommandChecker {
  readonly commands: CommandPolicy;
  /** As every `--json` answer carries them. */
  readonly warnings: WarningsJson;
  /** Records one answer in the decision log; absent where no log can be open (the compiled-rules cache path). */
  readonly record?: (argv: readonly string[], check: CommandCheck) => void;
}

/** The exit status of one answer: 0, or with `--exit-code` the decision's own (3 prompt, 4 forbidden). */
export const checkStatus = (check: CommandCheck, exitCode: boolean): number =>
  exitCode && check.decision in DECISION_EXIT ? DECISION_EXIT[check.decision as keyof typeof DECISION_EXIT] : 0;

/**
 * A one-shot command compiles the shell grammar's WebAssembly with the baseline compiler only: optimizing it would cost
 * seconds of start-up. `node:v8` is loaded only then, since loading it costs a plain check a few milliseconds.
 */
export function baselineWasmOnly(): void {
  process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
}

/**
 * `ratchet check`'s answer to one command once its checker is ready, as text or `--json` (`--batch` is `checkBatch`). A
 * script the fast reader cannot read loads the shell grammar first; a plain argv never does.
 */
export async function answerCheck(
  checker: CommandChecker,
  options: { readonly json: boolean; readonly 'exit-code': boolean },
  argv: readonly string[],
  out: Output,
): Promise<number> {
  let check = checker.commands.check(argv);
  if (check.grammarNeeded) {
    baselineWasmOnly();
    check = await checker.commands.checkAsync(argv);
  }
  checker.record?.(argv, check);
  if (options.json) line(out, JSON.stringify(checkJson(check, checker.warnings), null, 2));
  else renderCheck(check, out);
  return checkStatus(check, options['exit-code']);
}
