import { isCommand, type CommandHandler, type GroupView, type Handler } from '../config.js';
import { MATCH_FIELDS, MATCHED_EVENTS, TOOL_EVENTS, type HookEvent } from '../events.js';
import { matches } from '../matcher.js';
import type { HookMap } from '../provider.js';
import { interpret, type HookOutcome } from './outcome.js';
import { runCommand, type CommandResult } from './spawn.js';

export type HookDecision = 'block' | 'allow' | 'none';

/** One matching handler's run (or why it was not run): what its command did, and what that means. */
export interface HookRun extends Omit<CommandResult, 'spawnError'> {
  /** `<group key>:<handler index>`. */
  readonly key: string;
  readonly source: string;
  readonly managed: boolean;
  /** The command run (`command_windows` on Windows when set); empty for skipped prompt/agent hooks. */
  readonly command: string;
  readonly outcome: HookOutcome;
  /** Async hooks run but never decide. */
  readonly async?: boolean;
  /** Why the hook did not run. */
  readonly skipped?: string;
}

export interface HookRunResult {
  readonly event: HookEvent;
  readonly decision: HookDecision;
  readonly reason?: string;
  /** Every matching hook, in hook order (managed first, then config layers), whatever order they finished in. */
  readonly hooks: readonly HookRun[];
  readonly systemMessages: readonly string[];
  readonly additionalContext: readonly string[];
  /** PreToolUse input rewrite: the one from the hook that finished last; never when blocked. */
  readonly updatedInput?: unknown;
}

export interface HookRunnerOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** When false nothing runs and every decision is `none` (the `hooks` feature is off). */
  readonly enabled?: boolean;
  /** Picks `command_windows` on `win32`; the host platform unless told. */
  readonly platform?: NodeJS.Platform;
  /** Bytes of stdout and of stderr kept per hook. */
  readonly maxOutputBytes?: number;
}

export interface RunOptions {
  /** The tool name tool events match against (else `payload.tool_name`). */
  readonly tool?: string;
  /**
   * What the matchers of other events are compared with (else the payload's field for the event): the session
   * source (SessionStart), the compaction trigger (PreCompact, PostCompact), the end reason (SessionEnd), the agent
   * type (SubagentStart, SubagentStop).
   */
  readonly source?: string;
}

export interface MatchedHandler {
  readonly group: GroupView;
  readonly handler: CommandHandler;
  readonly key: string;
}

/**
 * The overall decision of an event's (synchronous) outcomes, in hook order: any block blocks, with the first
 * block's reason; else, for PermissionRequest only, any allow allows; else none. Failures never decide (fail open).
 */
export function aggregate(
  event: HookEvent,
  outcomes: readonly HookOutcome[],
): { decision: HookDecision; reason?: string } {
  const block = outcomes.find((o) => o.kind === 'block');
  if (block) return { decision: 'block', ...(block.reason !== undefined && { reason: block.reason }) };
  if (event === 'PermissionRequest' && outcomes.some((o) => o.kind === 'allow')) return { decision: 'allow' };
  return { decision: 'none' };
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
const universal = (matcher: string | undefined) => matcher === undefined || matcher === '' || matcher === '*';

/** Runs an event's command hooks the way Codex does: all matching handlers at once, each under its own timeout. */
export class HookRunner {
  private readonly enabled: boolean;
  private readonly platform: NodeJS.Platform;

  constructor(
    private readonly hooks: HookMap,
    private readonly options: HookRunnerOptions = {},
  ) {
    this.enabled = options.enabled !== false;
    this.platform = options.platform ?? process.platform;
  }

  /** Every handler (command, prompt, agent) of the event's groups that match `target`, in hook order. */
  private matchAll(
    event: HookEvent,
    target: string | undefined,
  ): { group: GroupView; handler: Handler; key: string }[] {
    const state = this.hooks.state ?? {};
    const out: { group: GroupView; handler: Handler; key: string }[] = [];
    for (const group of this.hooks[event] ?? []) {
      // Only events with a match field use matchers; others have none (Codex 0.171 drops them).
      if (
        MATCHED_EVENTS.has(event) &&
        !(target === undefined ? universal(group.matcher) : matches(group.matcher, target))
      )
        continue;
      group.hooks.forEach((handler, i) => {
        const key = `${group.key}:${i}`;
        if (!group.managed && state[key]?.enabled === false) return;
        out.push({ group, handler, key });
      });
    }
    return out;
  }

  /** The command handlers that would run for `event` with `target` (tool name, or session source). */
  matching(event: HookEvent, target?: string): MatchedHandler[] {
    if (!this.enabled) return [];
    return this.matchAll(event, target).filter((m): m is MatchedHandler => isCommand(m.handler));
  }

  private commandOf(handler: CommandHandler): string {
    return this.platform === 'win32' && handler.command_windows !== undefined
      ? handler.command_windows
      : handler.command;
  }

  async run(event: HookEvent, payload: Record<string, unknown>, options: RunOptions = {}): Promise<HookRunResult> {
    if (!this.enabled) return { event, decision: 'none', hooks: [], systemMessages: [], additionalContext: [] };
    const field = MATCH_FIELDS[event];
    const target = TOOL_EVENTS.has(event)
      ? (options.tool ?? text(payload.tool_name))
      : (options.source ?? (field === undefined ? undefined : text(payload[field])));
    const cwd = this.options.cwd ?? process.cwd();
    const stdin = JSON.stringify({
      ...payload,
      hook_event_name: event,
      ...(options.tool !== undefined && { tool_name: options.tool }),
      ...(options.source !== undefined &&
        field !== undefined &&
        !TOOL_EVENTS.has(event) && { [field]: options.source }),
      cwd: text(payload.cwd) ?? cwd,
    });

    let finished = 0;
    const order: number[] = [];
    const runs = this.matchAll(event, target).map(async ({ group, handler, key }, index): Promise<HookRun> => {
      const base = { key, source: group.source, managed: group.managed };
      if (!isCommand(handler)) {
        return {
          ...base,
          command: '',
          exitCode: null,
          signal: null,
          timedOut: false,
          durationMs: 0,
          stdout: '',
          stderr: '',
          truncated: false,
          outcome: { kind: 'none' },
          skipped: `${handler.type} hooks are not supported yet`,
        };
      }
      const command = this.commandOf(handler);
      const result: CommandResult = await runCommand(command, {
        stdin,
        timeoutMs: handler.timeout * 1000,
        cwd,
        ...(this.options.env !== undefined && { env: this.options.env }),
        ...(this.options.maxOutputBytes !== undefined && { maxOutputBytes: this.options.maxOutputBytes }),
      });
      order[index] = finished++;
      const { exitCode, signal, timedOut, durationMs, stdout, stderr, truncated } = result;
      return {
        ...base,
        command,
        exitCode,
        signal,
        timedOut,
        durationMs,
        stdout,
        stderr,
        truncated,
        outcome: interpret(event, result, { timeoutSec: handler.timeout }),
        ...(handler.async === true && { async: true }),
      };
    });
    const hooks = await Promise.all(runs);

    const deciding = hooks.filter((h) => h.skipped === undefined && h.async !== true);
    const { decision, reason } = aggregate(
      event,
      deciding.map((h) => h.outcome),
    );
    const ran = hooks.filter((h) => h.skipped === undefined);
    const systemMessages = ran.flatMap((h) => (h.outcome.systemMessage !== undefined ? [h.outcome.systemMessage] : []));
    const additionalContext = ran.flatMap((h) =>
      h.outcome.additionalContext !== undefined ? [h.outcome.additionalContext] : [],
    );

    // Competing rewrites: the hook that finished last wins (Codex `last_completed_updated_input_wins`).
    let updatedInput: { value: unknown; at: number } | undefined;
    if (event === 'PreToolUse' && decision !== 'block') {
      hooks.forEach((h, i) => {
        const at = order[i];
        if (h.async === true || h.outcome.kind !== 'allow' || h.outcome.updatedInput === undefined || at === undefined)
          return;
        if (updatedInput === undefined || at > updatedInput.at) updatedInput = { value: h.outcome.updatedInput, at };
      });
    }
    return {
      event,
      decision,
      ...(reason !== undefined && { reason }),
      hooks,
      systemMessages,
      additionalContext,
      ...(updatedInput !== undefined && { updatedInput: updatedInput.value }),
    };
  }
}
