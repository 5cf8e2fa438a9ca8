import type { HookEvent } from '../events.js';
import type { CommandResult } from './spawn.js';
import { looksLikeJson, parseWire, type Wire } from './wire.js';

/**
 * What one hook's run means. `block` stops (or, for `Stop`, continues) what the event guards, with `reason`;
 * `allow` only for a PermissionRequest allow or a PreToolUse allow that rewrites the input; `failed` is fail-open
 * with `message` saying why. `systemMessage` is a warning for the user; `additionalContext` goes to the model.
 */
export interface HookOutcome {
  readonly kind: 'none' | 'block' | 'allow' | 'failed';
  readonly reason?: string;
  readonly message?: string;
  readonly systemMessage?: string;
  readonly additionalContext?: string;
  readonly updatedInput?: unknown;
  /** The hook answered `continue: false`: processing stops (a `block` with the stop reason, except on Stop). */
  readonly stop?: boolean;
}

export interface InterpretOptions {
  /** The handler's timeout, for the message of a timed-out run. */
  readonly timeoutSec?: number;
}

const trimmed = (text: string | undefined) => {
  const t = text?.trim();
  return t ? t : undefined;
};
const str = (wire: Wire | undefined, field: string) => {
  const v = wire?.[field];
  return typeof v === 'string' ? v : undefined;
};
const sub = (wire: Wire | undefined, field: string) => {
  const v = wire?.[field];
  return typeof v === 'object' && v !== null ? (v as Wire) : undefined;
};

/** Codex's message for output that looks like JSON but is not the event's output object. */
const INVALID_JSON: Readonly<Record<HookEvent, string>> = {
  PreToolUse: 'hook returned invalid pre-tool-use JSON output',
  PermissionRequest: 'hook returned invalid permission-request JSON output',
  PostToolUse: 'hook returned invalid post-tool-use JSON output',
  UserPromptSubmit: 'hook returned invalid user prompt submit JSON output',
  Stop: 'hook returned invalid stop hook JSON output',
  SubagentStop: 'hook returned invalid subagent stop hook JSON output',
  SessionStart: 'hook returned invalid session start JSON output',
  SubagentStart: 'hook returned invalid subagent start JSON output',
  PreCompact: 'hook returned invalid PreCompact hook JSON output',
  PostCompact: 'hook returned invalid PostCompact hook JSON output',
  PreModelRequest: 'hook returned invalid PreModelRequest hook JSON output',
  PostModelRequest: 'hook returned invalid PostModelRequest hook JSON output',
  SessionEnd: 'hook returned invalid SessionEnd hook JSON output',
  Interrupt: 'hook returned invalid Interrupt hook JSON output',
};

/** Events where exit code 2 blocks with stderr as the reason, and what the missing stderr should have held. */
const EXIT_TWO: Partial<Record<HookEvent, string>> = {
  PreToolUse: 'a blocking reason',
  PermissionRequest: 'a denial reason',
  PostToolUse: 'feedback',
  UserPromptSubmit: 'a blocking reason',
  Stop: 'a continuation prompt',
  SubagentStop: 'a continuation prompt',
};

/** Events whose non-JSON stdout becomes model context, and those where any non-JSON stdout fails. */
const PLAIN_IS_CONTEXT = new Set<HookEvent>(['SessionStart', 'SubagentStart', 'UserPromptSubmit']);
const PLAIN_FAILS = new Set<HookEvent>(['Stop', 'SubagentStop']);
/** Events whose failures report stderr when there is some (Codex compact.rs). */
const STDERR_FAILURE = new Set<HookEvent>(['PreCompact', 'PostCompact']);

const failed = (message: string, systemMessage?: string): HookOutcome => ({
  kind: 'failed',
  message,
  ...(systemMessage !== undefined && { systemMessage }),
});

/** PreToolUse and PermissionRequest reject the universal fields that would stop processing. */
function unsupportedUniversal(event: HookEvent, wire: Wire): string | undefined {
  if (wire.continue === false) return `${event} hook returned unsupported continue:false`;
  if (wire.stopReason !== undefined) return `${event} hook returned unsupported stopReason`;
  if (wire.suppressOutput === true) return `${event} hook returned unsupported suppressOutput`;
  return undefined;
}

const blankBlock = (event: HookEvent) => `${event} hook returned decision:block without a non-empty reason`;

function preToolUse(wire: Wire, base: Partial<HookOutcome>): HookOutcome {
  const hso = sub(wire, 'hookSpecificOutput');
  const decision = str(hso, 'permissionDecision');
  const decisionReason = str(hso, 'permissionDecisionReason');
  const updatedInput = hso?.updatedInput;
  const specific =
    hso !== undefined && (decision !== undefined || decisionReason !== undefined || updatedInput !== undefined);
  let invalid = unsupportedUniversal('PreToolUse', wire);
  if (invalid === undefined && specific) {
    if (updatedInput !== undefined && decision !== 'allow')
      invalid = 'PreToolUse hook returned updatedInput without permissionDecision:allow';
    else if (decision === 'allow' && updatedInput === undefined)
      invalid = 'PreToolUse hook returned unsupported permissionDecision:allow';
    else if (decision === 'ask') invalid = 'PreToolUse hook returned unsupported permissionDecision:ask';
    else if (decision === 'deny' && trimmed(decisionReason) === undefined) {
      invalid = 'PreToolUse hook returned permissionDecision:deny without a non-empty permissionDecisionReason';
    } else if (decision === undefined && decisionReason !== undefined)
      invalid = 'PreToolUse hook returned permissionDecisionReason without permissionDecision';
  } else if (invalid === undefined) {
    const legacy = str(wire, 'decision');
    if (legacy === 'approve') invalid = 'PreToolUse hook returned unsupported decision:approve';
    else if (legacy === 'block' && trimmed(str(wire, 'reason')) === undefined) invalid = blankBlock('PreToolUse');
    else if (legacy === undefined && wire.reason !== undefined)
      invalid = 'PreToolUse hook returned reason without decision';
  }
  if (invalid !== undefined) return failed(invalid, base.systemMessage);
  const context =
    trimmed(str(hso, 'additionalContext')) !== undefined ? { additionalContext: str(hso, 'additionalContext') } : {};
  const reason = specific
    ? decision === 'deny'
      ? trimmed(decisionReason)
      : undefined
    : str(wire, 'decision') === 'block'
      ? trimmed(str(wire, 'reason'))
      : undefined;
  if (reason !== undefined) return { ...base, ...context, kind: 'block', reason };
  if (decision === 'allow') return { ...base, ...context, kind: 'allow', updatedInput };
  return { ...base, ...context, kind: 'none' };
}

function permissionRequest(wire: Wire, base: Partial<HookOutcome>): HookOutcome {
  const decision = sub(sub(wire, 'hookSpecificOutput'), 'decision');
  let invalid = unsupportedUniversal('PermissionRequest', wire);
  if (invalid === undefined && decision !== undefined) {
    if (decision.updatedInput !== undefined) invalid = 'PermissionRequest hook returned unsupported updatedInput';
    else if (decision.updatedPermissions !== undefined)
      invalid = 'PermissionRequest hook returned unsupported updatedPermissions';
    else if (decision.interrupt === true) invalid = 'PermissionRequest hook returned unsupported interrupt:true';
  }
  if (invalid !== undefined) return failed(invalid, base.systemMessage);
  if (decision?.behavior === 'allow') return { ...base, kind: 'allow' };
  if (decision?.behavior === 'deny')
    return {
      ...base,
      kind: 'block',
      reason: trimmed(str(decision, 'message')) ?? 'PermissionRequest hook denied approval',
    };
  return { ...base, kind: 'none' };
}

/** PostToolUse, UserPromptSubmit, Stop, SubagentStop: `{"decision":"block","reason":…}` plus `continue:false`. */
function blockingDecision(event: HookEvent, wire: Wire, base: Partial<HookOutcome>): HookOutcome {
  const block = wire.decision === 'block';
  const reason = str(wire, 'reason');
  const stopped = wire.continue === false;
  const invalidUniversal =
    event === 'PostToolUse' && wire.suppressOutput === true
      ? 'PostToolUse hook returned unsupported suppressOutput'
      : undefined;
  const invalidBlock =
    block && trimmed(reason) === undefined
      ? blankBlock(event)
      : event === 'PostToolUse' && !block && !stopped && reason !== undefined
        ? 'PostToolUse hook returned reason without decision'
        : undefined;
  const context = trimmed(str(sub(wire, 'hookSpecificOutput'), 'additionalContext'));
  const withContext =
    context !== undefined && invalidBlock === undefined && invalidUniversal === undefined
      ? { ...base, additionalContext: str(sub(wire, 'hookSpecificOutput'), 'additionalContext') }
      : base;
  const stopReason = str(wire, 'stopReason');
  if (stopped) {
    // On Stop, stopping is what the event does anyway: continue:false only vetoes a continuation.
    if (event === 'Stop' || event === 'SubagentStop')
      return { ...withContext, kind: 'none', stop: true, ...(stopReason !== undefined && { message: stopReason }) };
    return { ...withContext, kind: 'block', stop: true, reason: stopReason ?? `${event} hook stopped execution` };
  }
  if (invalidUniversal !== undefined) return failed(invalidUniversal, base.systemMessage);
  if (invalidBlock !== undefined) return failed(invalidBlock, base.systemMessage);
  if (block)
    return {
      ...withContext,
      kind: 'block',
      reason: event === 'Stop' || event === 'SubagentStop' ? trimmed(reason) : reason,
    };
  return { ...withContext, kind: 'none' };
}

/** SessionStart, SubagentStart, PreCompact, PostCompact and the newer events: context and `continue:false` only. */
function contextOnly(event: HookEvent, wire: Wire, base: Partial<HookOutcome>): HookOutcome {
  const context = str(sub(wire, 'hookSpecificOutput'), 'additionalContext');
  const out = trimmed(context) !== undefined ? { ...base, additionalContext: context } : base;
  if (wire.continue === false && (event === 'SessionStart' || event === 'PreCompact' || event === 'PostCompact')) {
    return { ...out, kind: 'block', stop: true, reason: str(wire, 'stopReason') ?? `${event} hook stopped execution` };
  }
  return { ...out, kind: 'none' };
}

function parsed(event: HookEvent, wire: Wire): HookOutcome {
  const message = str(wire, 'systemMessage');
  const base: Partial<HookOutcome> = message !== undefined ? { systemMessage: message } : {};
  switch (event) {
    case 'PreToolUse':
      return preToolUse(wire, base);
    case 'PermissionRequest':
      return permissionRequest(wire, base);
    case 'PostToolUse':
    case 'UserPromptSubmit':
    case 'Stop':
    case 'SubagentStop':
      return blockingDecision(event, wire, base);
    default:
      return contextOnly(event, wire, base);
  }
}

function exitedZero(event: HookEvent, stdout: string): HookOutcome {
  const text = stdout.trim();
  if (text === '') return { kind: 'none' };
  const wire = parseWire(event, text);
  if (wire !== undefined) return parsed(event, wire);
  if (PLAIN_FAILS.has(event) || looksLikeJson(stdout)) return failed(INVALID_JSON[event]);
  if (PLAIN_IS_CONTEXT.has(event)) return { kind: 'none', additionalContext: text };
  return { kind: 'none' };
}

/** What a finished hook command means for `event` (Codex hooks `events/*.rs` `parse_completed`). Pure. */
export function interpret(event: HookEvent, result: CommandResult, options: InterpretOptions = {}): HookOutcome {
  if (result.spawnError !== undefined) return failed(result.spawnError);
  if (result.timedOut)
    return failed(options.timeoutSec !== undefined ? `hook timed out after ${options.timeoutSec}s` : 'hook timed out');
  const code = result.exitCode;
  if (code === null)
    return failed(
      STDERR_FAILURE.has(event) ? 'hook process terminated without an exit code' : 'hook exited without a status code',
    );
  if (code === 0) return exitedZero(event, result.stdout);
  const what = EXIT_TWO[event];
  if (code === 2 && what !== undefined) {
    const reason = trimmed(result.stderr);
    return reason !== undefined
      ? { kind: 'block', reason }
      : failed(`${event} hook exited with code 2 but did not write ${what} to stderr`);
  }
  return failed((STDERR_FAILURE.has(event) ? trimmed(result.stderr) : undefined) ?? `hook exited with code ${code}`);
}
