/** Lifecycle events hooks attach to (PascalCase, as in config.toml and requirements.toml): the 14 Codex 0.171 reads, in its order. */
export const EVENTS = [
  'PreModelRequest',
  'PostModelRequest',
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PreCompact',
  'PostCompact',
  'SessionStart',
  'SessionEnd',
  'UserPromptSubmit',
  'SubagentStart',
  'SubagentStop',
  'Stop',
  'Interrupt',
] as const;

export type HookEvent = (typeof EVENTS)[number];

/**
 * Events whose matcher is compared with something, and the payload field it is compared with (the tool name, the
 * session source, the compaction trigger, the end reason, the agent type); other events drop their matchers, as
 * Codex 0.171's hooks/list shows them (`matcher: null`), and never validate them.
 */
export const MATCH_FIELDS: Readonly<Partial<Record<HookEvent, string>>> = {
  PreToolUse: 'tool_name',
  PermissionRequest: 'tool_name',
  PostToolUse: 'tool_name',
  PreCompact: 'trigger',
  PostCompact: 'trigger',
  SessionStart: 'source',
  SessionEnd: 'reason',
  SubagentStart: 'agent_type',
  SubagentStop: 'agent_type',
};

export const MATCHED_EVENTS: ReadonlySet<HookEvent> = new Set(Object.keys(MATCH_FIELDS) as HookEvent[]);

/** Events that match on the tool name. */
export const TOOL_EVENTS: ReadonlySet<HookEvent> = new Set(['PreToolUse', 'PermissionRequest', 'PostToolUse']);

/** A handler's timeout in seconds when none is written, and the most it may be (Codex 0.171 clamps with a warning). */
export const TIMEOUTS: Readonly<Partial<Record<HookEvent, { readonly default: number; readonly max: number }>>> = {
  SessionEnd: { default: 1, max: 3 },
  Interrupt: { default: 1, max: 3 },
};

/** The default timeout of every other event's handlers, in seconds. */
export const DEFAULT_TIMEOUT = 600;

/** `PreToolUse` → `pre_tool_use`, as hook keys and payloads spell events. */
export const eventLabel = (event: HookEvent) =>
  event.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));

export const isEvent = (name: string): name is HookEvent => (EVENTS as readonly string[]).includes(name);
