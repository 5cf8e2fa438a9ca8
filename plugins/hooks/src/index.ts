export {
  isCommand,
  parseEvents,
  viewOf,
  type CommandHandler,
  type DeferredHandler,
  type GroupView,
  type Handler,
  type HookGroup,
  type HookSite,
} from './config.js';
export { EVENTS, eventLabel, isEvent, MATCHED_EVENTS, type HookEvent } from './events.js';
export { matcherProblem, matches } from './matcher.js';
export { hooksProvider, type HookMap, type HookSettings, type HookState } from './provider.js';
export {
  activeDirField,
  pathsOutside,
  type HooksRequirement,
  type ManagedDirs,
  type ManagedHooks,
} from './requirements.js';
export {
  aggregate,
  HookRunner,
  interpret,
  runCommand,
  type CommandResult,
  type HookDecision,
  type HookOutcome,
  type HookRun,
  type HookRunnerOptions,
  type HookRunResult,
  type InterpretOptions,
  type MatchedHandler,
  type RunCommandOptions,
  type RunOptions,
} from './runner/index.js';
export { hooksInBoth, readHooksFile, type HooksFile } from './hooks-file.js';
export * from './keys.js';
