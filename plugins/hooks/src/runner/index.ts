export {
  aggregate,
  HookRunner,
  type HookDecision,
  type HookRun,
  type HookRunnerOptions,
  type HookRunResult,
  type MatchedHandler,
  type RunOptions,
} from './runner.js';
export { interpret, type HookOutcome, type InterpretOptions } from './outcome.js';
export { runCommand, type CommandResult, type RunCommandOptions } from './spawn.js';
