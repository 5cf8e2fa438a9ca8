import {
  closest,
  expectArray,
  expectBoolean,
  expectString,
  expectTable,
  warnUnknownKeys,
  type Reporter,
  type Table,
} from '@ratchet/core';
import { DEFAULT_TIMEOUT, EVENTS, eventLabel, isEvent, MATCHED_EVENTS, TIMEOUTS, type HookEvent } from './events.js';
import { matcherProblem } from './matcher.js';

/** A hook that runs a command; `timeout` is in seconds, already defaulted (600) and at least 1. */
export interface CommandHandler {
  readonly type: 'command';
  readonly command: string;
  readonly command_windows?: string;
  readonly timeout: number;
  readonly async?: boolean;
  readonly statusMessage?: string;
}

/** Hook types accepted in configuration and left to the host: this runner does not run them. */
const DEFERRED_TYPES = ['prompt', 'agent'] as const;
/** Every hook type: `command` hooks run here. */
export const HANDLER_TYPES = ['command', ...DEFERRED_TYPES] as const;

/** A `prompt` or `agent` hook: accepted in configuration, not run by this runner. */
export interface DeferredHandler {
  readonly type: (typeof DEFERRED_TYPES)[number];
}

export type Handler = CommandHandler | DeferredHandler;

/** One matcher group of one event, with where it was configured and whether it is managed. */
export interface HookGroup {
  readonly event: HookEvent;
  readonly matcher?: string;
  readonly hooks: readonly Handler[];
  /** The file (or layer) the group was configured in. */
  readonly source: string;
  /** Managed groups come from requirements or managed config: users cannot remove or disable them. */
  readonly managed: boolean;
  /** `<source path>:<event label>:<group index>`; a handler's key appends `:<handler index>`. */
  readonly key: string;
  /** The group's index in its own table's list for the event (keys count across layers that share a path). */
  readonly position?: number;
}

/** Where a table of hook events was found. */
export interface HookSite {
  readonly source: string;
  readonly managed: boolean;
  /** The path hook keys start with (the managed directory for requirements hooks, else the file). */
  readonly keyPath: string;
}

const HANDLER_KEYS = ['type', 'command', 'command_windows', 'timeout', 'async', 'statusMessage', 'visibilityHint'];

function parseHandler(
  raw: unknown,
  key: string,
  event: HookEvent,
  site: HookSite,
  report: Reporter,
): Handler | undefined {
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  warnUnknownKeys(table, HANDLER_KEYS, `${key}.`, report);
  const type = table.type;
  const deferred = DEFERRED_TYPES.find((t) => t === type);
  if (deferred !== undefined) return { type: deferred };
  if (type !== 'command') {
    report({
      severity: 'error',
      kind: type === undefined ? 'missing-key' : 'unknown-value',
      key: `${key}.type`,
      message: type === undefined ? 'a hook needs a type' : `unknown hook type ${JSON.stringify(type)}`,
      suggestion: 'write type = "command" (or "prompt", "agent")',
    });
    return undefined;
  }
  if (table.command === undefined) {
    report({
      severity: 'error',
      kind: 'missing-key',
      key: `${key}.command`,
      message: 'a command hook needs a command',
      suggestion: 'write command = "/path/to/script"',
    });
    return undefined;
  }
  const command = expectString(table.command, `${key}.command`, report);
  const windows =
    table.command_windows === undefined
      ? undefined
      : expectString(table.command_windows, `${key}.command_windows`, report);
  // Codex 0.171 reads `timeout` only: `timeoutSec` is an unknown key, warned about above, and the default holds.
  const timeoutKey = 'timeout';
  const timeout = table.timeout;
  if (timeout !== undefined && !(Number.isInteger(timeout) && (timeout as number) >= 0)) {
    report({
      severity: 'error',
      kind: 'invalid-type',
      key: `${key}.${timeoutKey}`,
      message: 'timeout must be a whole number of seconds',
      suggestion: 'write timeout = 30',
    });
  }
  const isAsync = table.async === undefined ? undefined : expectBoolean(table.async, `${key}.async`, report);
  const status =
    table.statusMessage === undefined ? undefined : expectString(table.statusMessage, `${key}.statusMessage`, report);
  if (command === undefined) return undefined;
  if (command.trim() === '') {
    report({
      severity: 'warning',
      kind: 'invalid-value',
      key: `${key}.command`,
      message: `skipping empty hook command in ${site.source}`,
      suggestion: 'write the command to run, or remove the hook',
    });
    return undefined;
  }
  const limits = TIMEOUTS[event];
  let seconds = Math.max(1, Number.isInteger(timeout) ? (timeout as number) : (limits?.default ?? DEFAULT_TIMEOUT));
  if (limits !== undefined && seconds > limits.max) {
    report({
      severity: 'warning',
      kind: 'normalized-value',
      key: `${key}.${timeoutKey}`,
      message: `clamping ${event} hook timeout to ${limits.max}s in ${site.source}`,
      suggestion: `write ${timeoutKey} = ${limits.max} or less`,
    });
    seconds = limits.max;
  }
  return {
    type: 'command',
    command,
    ...(windows !== undefined && { command_windows: windows }),
    timeout: seconds,
    ...(isAsync && { async: true }),
    ...(status !== undefined && { statusMessage: status }),
  };
}

/** Parses a `[hooks]` table's events into matcher groups; `ignore` names the table's non-event keys. */
export function parseEvents(
  table: Table,
  prefix: string,
  site: HookSite,
  report: Reporter,
  ignore: readonly string[] = [],
): HookGroup[] {
  const groups: HookGroup[] = [];
  for (const [name, raw] of Object.entries(table)) {
    if (ignore.includes(name)) continue;
    const key = `${prefix}.${name}`;
    if (!isEvent(name)) {
      const pascal = name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      const near = isEvent(pascal) ? pascal : closest(name, EVENTS);
      report({
        severity: 'warning',
        kind: 'unknown-key',
        key,
        message: `unknown hook event "${name}" is ignored`,
        suggestion: near !== undefined ? `did you mean "${near}"?` : `events: ${EVENTS.join(', ')}`,
      });
      continue;
    }
    const list = expectArray(raw, key, report, 'matcher groups');
    for (const [index, entry] of (list ?? []).entries()) {
      const at = `${key}[${index}]`;
      const group = expectTable(entry, at, report);
      if (!group) continue;
      warnUnknownKeys(group, ['matcher', 'hooks'], `${at}.`, report);
      const matcher = group.matcher === undefined ? undefined : expectString(group.matcher, `${at}.matcher`, report);
      const problem = MATCHED_EVENTS.has(name) ? matcherProblem(matcher) : undefined;
      if (problem !== undefined) {
        report({
          severity: 'warning',
          kind: 'invalid-value',
          key: `${at}.matcher`,
          message: `invalid matcher ${JSON.stringify(matcher)} in ${site.source}: ${problem}`,
          suggestion: 'fix the regular expression; this group is skipped',
        });
        continue;
      }
      const handlers = group.hooks === undefined ? [] : expectArray(group.hooks, `${at}.hooks`, report, 'hooks');
      const hooks = (handlers ?? [])
        .map((h, i) => parseHandler(h, `${at}.hooks[${i}]`, name, site, report))
        .filter((h): h is Handler => h !== undefined);
      groups.push({
        event: name,
        // Events without matchers drop them, as Codex does.
        ...(matcher !== undefined && MATCHED_EVENTS.has(name) && { matcher }),
        hooks,
        source: site.source,
        managed: site.managed,
        key: `${site.keyPath}:${eventLabel(name)}:${index}`,
        position: index,
      });
    }
  }
  return groups;
}

export const isCommand = (h: Handler): h is CommandHandler => h.type === 'command';

/** A group as `effective.hooks.<Event>` lists it: config.toml's spelling, plus where it came from and its key. */
export type GroupView = Omit<HookGroup, 'event'>;

export function viewOf(group: GroupView): GroupView {
  return {
    ...(group.matcher !== undefined && { matcher: group.matcher }),
    hooks: group.hooks.map((h) => ({ ...h })),
    source: group.source,
    managed: group.managed,
    key: group.key,
  };
}
