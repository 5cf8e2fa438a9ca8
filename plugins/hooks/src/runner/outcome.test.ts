import { describe, expect, it } from 'vitest';
import type { HookEvent } from '../events.js';
import { interpret, type HookOutcome } from './outcome.js';
import type { CommandResult } from './spawn.js';

const run = (over: Partial<CommandResult>): CommandResult => ({
  exitCode: 0,
  signal: null,
  timedOut: false,
  durationMs: 5,
  stdout: '',
  stderr: '',
  truncated: false,
  ...over,
});
const out = (stdout: string | object) => run({ stdout: typeof stdout === 'string' ? stdout : JSON.stringify(stdout) });
const pre = (o: object) => out({ hookSpecificOutput: { hookEventName: 'PreToolUse', ...o } });
const perm = (decision: object) => out({ hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } });

type Case = readonly [name: string, event: HookEvent, result: CommandResult, expected: HookOutcome];

const cases: Case[] = [
  // Exit codes, timeouts and spawn errors (every event).
  ['exit 0, empty stdout: no effect', 'PreToolUse', out(''), { kind: 'none' }],
  ['exit 0, blank stdout: no effect', 'Stop', out(' \n\t'), { kind: 'none' }],
  [
    'exit 2 blocks with trimmed stderr',
    'PreToolUse',
    run({ exitCode: 2, stderr: '  no rm -rf\n' }),
    { kind: 'block', reason: 'no rm -rf' },
  ],
  [
    'exit 2 on UserPromptSubmit blocks',
    'UserPromptSubmit',
    run({ exitCode: 2, stderr: 'blocked by policy\n' }),
    { kind: 'block', reason: 'blocked by policy' },
  ],
  [
    'exit 2 on PermissionRequest denies',
    'PermissionRequest',
    run({ exitCode: 2, stderr: 'nope' }),
    { kind: 'block', reason: 'nope' },
  ],
  [
    'exit 2 on Stop continues with the prompt',
    'Stop',
    run({ exitCode: 2, stderr: 'keep going' }),
    { kind: 'block', reason: 'keep going' },
  ],
  [
    'exit 2, empty stderr: failed, not blocked',
    'PreToolUse',
    run({ exitCode: 2, stderr: ' \n' }),
    { kind: 'failed', message: 'PreToolUse hook exited with code 2 but did not write a blocking reason to stderr' },
  ],
  [
    'exit 2, empty stderr on PermissionRequest',
    'PermissionRequest',
    run({ exitCode: 2 }),
    {
      kind: 'failed',
      message: 'PermissionRequest hook exited with code 2 but did not write a denial reason to stderr',
    },
  ],
  [
    'exit 2, empty stderr on PostToolUse',
    'PostToolUse',
    run({ exitCode: 2 }),
    { kind: 'failed', message: 'PostToolUse hook exited with code 2 but did not write feedback to stderr' },
  ],
  [
    'exit 2, empty stderr on Stop',
    'Stop',
    run({ exitCode: 2 }),
    { kind: 'failed', message: 'Stop hook exited with code 2 but did not write a continuation prompt to stderr' },
  ],
  [
    'exit 2 does not block SessionStart',
    'SessionStart',
    run({ exitCode: 2, stderr: 'x' }),
    { kind: 'failed', message: 'hook exited with code 2' },
  ],
  [
    'exit 1 fails open',
    'PreToolUse',
    run({ exitCode: 1, stderr: 'crash' }),
    { kind: 'failed', message: 'hook exited with code 1' },
  ],
  [
    'exit 127 fails open',
    'PermissionRequest',
    run({ exitCode: 127 }),
    { kind: 'failed', message: 'hook exited with code 127' },
  ],
  [
    'compact failures report stderr',
    'PreCompact',
    run({ exitCode: 1, stderr: 'disk full\n' }),
    { kind: 'failed', message: 'disk full' },
  ],
  [
    'killed by a signal',
    'PreToolUse',
    run({ exitCode: null, signal: 'SIGKILL' }),
    { kind: 'failed', message: 'hook exited without a status code' },
  ],
  [
    'timeout fails',
    'PreToolUse',
    run({ exitCode: null, signal: 'SIGKILL', timedOut: true, stdout: '{"decision":"block","reason":"x"}' }),
    { kind: 'failed', message: 'hook timed out' },
  ],
  [
    'spawn error fails',
    'Stop',
    run({ exitCode: null, spawnError: 'spawn /bin/sh ENOENT' }),
    { kind: 'failed', message: 'spawn /bin/sh ENOENT' },
  ],
  [
    'output ignored on a non-zero exit',
    'PreToolUse',
    run({ exitCode: 1, stdout: '{"decision":"block","reason":"x"}' }),
    { kind: 'failed', message: 'hook exited with code 1' },
  ],

  // Plain text and invalid JSON.
  ['plain text is ignored (PreToolUse)', 'PreToolUse', out('hello\n'), { kind: 'none' }],
  ['plain text is ignored (PostToolUse)', 'PostToolUse', out('hello'), { kind: 'none' }],
  [
    'plain text is model context (SessionStart)',
    'SessionStart',
    out('hello from hook\n'),
    { kind: 'none', additionalContext: 'hello from hook' },
  ],
  [
    'plain text is model context (UserPromptSubmit)',
    'UserPromptSubmit',
    out('remember X'),
    { kind: 'none', additionalContext: 'remember X' },
  ],
  [
    'plain text fails on Stop',
    'Stop',
    out('hello'),
    { kind: 'failed', message: 'hook returned invalid stop hook JSON output' },
  ],
  [
    'JSON-looking garbage fails',
    'PreToolUse',
    out('{"hookSpecificOutput":'),
    { kind: 'failed', message: 'hook returned invalid pre-tool-use JSON output' },
  ],
  [
    'a JSON array fails',
    'PreToolUse',
    out('[1,2]'),
    { kind: 'failed', message: 'hook returned invalid pre-tool-use JSON output' },
  ],
  [
    'unknown field rejected',
    'PreToolUse',
    out({ decision: 'block', reason: 'x', extra: 1 }),
    { kind: 'failed', message: 'hook returned invalid pre-tool-use JSON output' },
  ],
  [
    'snake_case field rejected',
    'PostToolUse',
    out({ system_message: 'x' }),
    { kind: 'failed', message: 'hook returned invalid post-tool-use JSON output' },
  ],
  [
    'wrong type rejected',
    'PermissionRequest',
    out({ continue: 'yes' }),
    { kind: 'failed', message: 'hook returned invalid permission-request JSON output' },
  ],
  [
    'hookEventName required',
    'SessionStart',
    out({ hookSpecificOutput: { additionalContext: 'x' } }),
    { kind: 'failed', message: 'hook returned invalid session start JSON output' },
  ],
  [
    'unknown field in UserPromptSubmit',
    'UserPromptSubmit',
    out({ foo: 1 }),
    { kind: 'failed', message: 'hook returned invalid user prompt submit JSON output' },
  ],
  [
    'null optional fields are absent',
    'PreToolUse',
    out({ systemMessage: null, reason: null, decision: null }),
    { kind: 'none' },
  ],

  // PreToolUse.
  [
    'deny blocks with its reason',
    'PreToolUse',
    pre({ permissionDecision: 'deny', permissionDecisionReason: ' do not run that ' }),
    { kind: 'block', reason: 'do not run that' },
  ],
  [
    'deny without reason fails open',
    'PreToolUse',
    pre({ permissionDecision: 'deny', permissionDecisionReason: '  ' }),
    {
      kind: 'failed',
      message: 'PreToolUse hook returned permissionDecision:deny without a non-empty permissionDecisionReason',
    },
  ],
  [
    'allow with updatedInput rewrites',
    'PreToolUse',
    pre({ permissionDecision: 'allow', updatedInput: { command: 'echo rewritten' } }),
    { kind: 'allow', updatedInput: { command: 'echo rewritten' } },
  ],
  [
    'allow alone is unsupported',
    'PreToolUse',
    pre({ permissionDecision: 'allow' }),
    { kind: 'failed', message: 'PreToolUse hook returned unsupported permissionDecision:allow' },
  ],
  [
    'ask is unsupported',
    'PreToolUse',
    pre({ permissionDecision: 'ask' }),
    { kind: 'failed', message: 'PreToolUse hook returned unsupported permissionDecision:ask' },
  ],
  [
    'updatedInput without allow',
    'PreToolUse',
    pre({ permissionDecision: 'deny', permissionDecisionReason: 'x', updatedInput: {} }),
    { kind: 'failed', message: 'PreToolUse hook returned updatedInput without permissionDecision:allow' },
  ],
  [
    'reason without decision',
    'PreToolUse',
    pre({ permissionDecisionReason: 'x' }),
    { kind: 'failed', message: 'PreToolUse hook returned permissionDecisionReason without permissionDecision' },
  ],
  [
    'unknown permissionDecision value',
    'PreToolUse',
    pre({ permissionDecision: 'maybe' }),
    { kind: 'failed', message: 'hook returned invalid pre-tool-use JSON output' },
  ],
  [
    'additionalContext passes to the model',
    'PreToolUse',
    pre({ additionalContext: 'note' }),
    { kind: 'none', additionalContext: 'note' },
  ],
  [
    'deny keeps its context',
    'PreToolUse',
    pre({ permissionDecision: 'deny', permissionDecisionReason: 'r', additionalContext: 'c' }),
    { kind: 'block', reason: 'r', additionalContext: 'c' },
  ],
  [
    'legacy decision:block blocks',
    'PreToolUse',
    out({ decision: 'block', reason: 'legacy no' }),
    { kind: 'block', reason: 'legacy no' },
  ],
  [
    'legacy block without reason',
    'PreToolUse',
    out({ decision: 'block' }),
    { kind: 'failed', message: 'PreToolUse hook returned decision:block without a non-empty reason' },
  ],
  [
    'legacy approve unsupported',
    'PreToolUse',
    out({ decision: 'approve' }),
    { kind: 'failed', message: 'PreToolUse hook returned unsupported decision:approve' },
  ],
  [
    'legacy reason without decision',
    'PreToolUse',
    out({ reason: 'x' }),
    { kind: 'failed', message: 'PreToolUse hook returned reason without decision' },
  ],
  [
    'continue:false unsupported',
    'PreToolUse',
    out({ continue: false, systemMessage: 'w' }),
    { kind: 'failed', message: 'PreToolUse hook returned unsupported continue:false', systemMessage: 'w' },
  ],
  [
    'stopReason unsupported',
    'PreToolUse',
    out({ stopReason: 'x' }),
    { kind: 'failed', message: 'PreToolUse hook returned unsupported stopReason' },
  ],
  [
    'suppressOutput unsupported',
    'PreToolUse',
    out({ suppressOutput: true }),
    { kind: 'failed', message: 'PreToolUse hook returned unsupported suppressOutput' },
  ],
  [
    'systemMessage is a warning',
    'PreToolUse',
    out({ systemMessage: 'careful', continue: true }),
    { kind: 'none', systemMessage: 'careful' },
  ],

  // PermissionRequest.
  ['allow', 'PermissionRequest', perm({ behavior: 'allow' }), { kind: 'allow' }],
  [
    'deny with message',
    'PermissionRequest',
    perm({ behavior: 'deny', message: ' repo deny ' }),
    { kind: 'block', reason: 'repo deny' },
  ],
  [
    'deny default message',
    'PermissionRequest',
    perm({ behavior: 'deny' }),
    { kind: 'block', reason: 'PermissionRequest hook denied approval' },
  ],
  [
    'no decision',
    'PermissionRequest',
    out({ hookSpecificOutput: { hookEventName: 'PermissionRequest' } }),
    { kind: 'none' },
  ],
  [
    'updatedInput unsupported',
    'PermissionRequest',
    perm({ behavior: 'allow', updatedInput: {} }),
    { kind: 'failed', message: 'PermissionRequest hook returned unsupported updatedInput' },
  ],
  [
    'updatedPermissions unsupported',
    'PermissionRequest',
    perm({ behavior: 'allow', updatedPermissions: [] }),
    { kind: 'failed', message: 'PermissionRequest hook returned unsupported updatedPermissions' },
  ],
  [
    'interrupt unsupported',
    'PermissionRequest',
    perm({ behavior: 'deny', interrupt: true }),
    { kind: 'failed', message: 'PermissionRequest hook returned unsupported interrupt:true' },
  ],
  [
    'continue:false unsupported',
    'PermissionRequest',
    out({ continue: false }),
    { kind: 'failed', message: 'PermissionRequest hook returned unsupported continue:false' },
  ],
  [
    'behavior required',
    'PermissionRequest',
    perm({ message: 'x' }),
    { kind: 'failed', message: 'hook returned invalid permission-request JSON output' },
  ],

  // PostToolUse, UserPromptSubmit, Stop.
  [
    'PostToolUse block',
    'PostToolUse',
    out({ decision: 'block', reason: 'bash output looked sketchy' }),
    { kind: 'block', reason: 'bash output looked sketchy' },
  ],
  [
    'PostToolUse block needs a reason',
    'PostToolUse',
    out({ decision: 'block', reason: ' ' }),
    { kind: 'failed', message: 'PostToolUse hook returned decision:block without a non-empty reason' },
  ],
  [
    'PostToolUse reason without decision',
    'PostToolUse',
    out({ reason: 'x' }),
    { kind: 'failed', message: 'PostToolUse hook returned reason without decision' },
  ],
  [
    'PostToolUse suppressOutput unsupported',
    'PostToolUse',
    out({ suppressOutput: true }),
    { kind: 'failed', message: 'PostToolUse hook returned unsupported suppressOutput' },
  ],
  [
    'PostToolUse context',
    'PostToolUse',
    out({ hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: 'cleanup note' } }),
    { kind: 'none', additionalContext: 'cleanup note' },
  ],
  [
    'PostToolUse continue:false stops',
    'PostToolUse',
    out({ continue: false, stopReason: 'halt' }),
    { kind: 'block', stop: true, reason: 'halt' },
  ],
  [
    'PostToolUse continue:false default reason',
    'PostToolUse',
    out({ continue: false }),
    { kind: 'block', stop: true, reason: 'PostToolUse hook stopped execution' },
  ],
  [
    'UserPromptSubmit block keeps context',
    'UserPromptSubmit',
    out({
      decision: 'block',
      reason: 'slow down',
      hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: 'ctx' },
    }),
    { kind: 'block', reason: 'slow down', additionalContext: 'ctx' },
  ],
  [
    'UserPromptSubmit block needs a reason',
    'UserPromptSubmit',
    out({ decision: 'block', hookSpecificOutput: { hookEventName: 'UserPromptSubmit', additionalContext: 'ctx' } }),
    { kind: 'failed', message: 'UserPromptSubmit hook returned decision:block without a non-empty reason' },
  ],
  [
    'UserPromptSubmit continue:false',
    'UserPromptSubmit',
    out({ continue: false, stopReason: 'pause' }),
    { kind: 'block', stop: true, reason: 'pause' },
  ],
  ['UserPromptSubmit suppressOutput is fine', 'UserPromptSubmit', out({ suppressOutput: true }), { kind: 'none' }],
  [
    'Stop block continues the turn',
    'Stop',
    out({ decision: 'block', reason: ' run the tests \n' }),
    { kind: 'block', reason: 'run the tests' },
  ],
  [
    'Stop block needs a reason',
    'Stop',
    out({ decision: 'block' }),
    { kind: 'failed', message: 'Stop hook returned decision:block without a non-empty reason' },
  ],
  [
    'Stop continue:false never blocks',
    'Stop',
    out({ continue: false, stopReason: 'done', decision: 'block', reason: 'x' }),
    { kind: 'none', stop: true, message: 'done' },
  ],
  [
    'Stop rejects hookSpecificOutput',
    'Stop',
    out({ hookSpecificOutput: { hookEventName: 'Stop' } }),
    { kind: 'failed', message: 'hook returned invalid stop hook JSON output' },
  ],
  [
    'decision other than block rejected',
    'UserPromptSubmit',
    out({ decision: 'approve' }),
    { kind: 'failed', message: 'hook returned invalid user prompt submit JSON output' },
  ],

  // SessionStart and the context-only events.
  [
    'SessionStart context',
    'SessionStart',
    out({ hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: 'ctx' } }),
    { kind: 'none', additionalContext: 'ctx' },
  ],
  [
    'SessionStart continue:false keeps context',
    'SessionStart',
    out({
      continue: false,
      stopReason: 'pause',
      hookSpecificOutput: { hookEventName: 'SessionStart', additionalContext: 'ctx' },
    }),
    { kind: 'block', stop: true, reason: 'pause', additionalContext: 'ctx' },
  ],
  ['SubagentStart ignores continue:false', 'SubagentStart', out({ continue: false }), { kind: 'none' }],
  [
    'PreCompact continue:false',
    'PreCompact',
    out({ continue: false }),
    { kind: 'block', stop: true, reason: 'PreCompact hook stopped execution' },
  ],
  [
    'PostCompact rejects decision',
    'PostCompact',
    out({ decision: 'block', reason: 'x' }),
    { kind: 'failed', message: 'hook returned invalid PostCompact hook JSON output' },
  ],
  [
    'SessionEnd continue:false never blocks',
    'SessionEnd',
    out({ continue: false, stopReason: 'no' }),
    { kind: 'none' },
  ],
  [
    'PreModelRequest exit 2 fails open',
    'PreModelRequest',
    { ...out(''), exitCode: 2, stderr: 'stop' },
    { kind: 'failed', message: 'hook exited with code 2' },
  ],
  [
    'Interrupt JSON-looking garbage fails',
    'Interrupt',
    out('{"nope": 1}'),
    { kind: 'failed', message: 'hook returned invalid Interrupt hook JSON output' },
  ],
];

describe('interpret (spec 2.6)', () => {
  it.each(cases)('%s (%s)', (_name, event, result, expected) => {
    expect(interpret(event, result)).toEqual(expected);
  });

  it('names the timeout it was given', () => {
    expect(interpret('Stop', run({ exitCode: null, timedOut: true }), { timeoutSec: 30 })).toEqual({
      kind: 'failed',
      message: 'hook timed out after 30s',
    });
  });

  it('is pure: the same result gives the same outcome', () => {
    const r = pre({ permissionDecision: 'allow', updatedInput: { command: 'ls' } });
    expect(interpret('PreToolUse', r)).toEqual(interpret('PreToolUse', r));
  });
});
