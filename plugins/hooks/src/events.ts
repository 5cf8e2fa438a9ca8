/** Lifecycle events hooks attach to (PascalCase, as in config.toml and requirements.toml). */
export const EVENTS = [
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'PreCompact',
  'PostCompact',
  'SessionStart',
  'UserPromptSubmit',
  'Stop',
  'SubagentStart',
  'SubagentStop',
  'StopFailure',
] as const;

export type HookEvent = (typeof EVENTS)[number];

/** Events whose matcher is compared with something (the tool name, or the session source); others ignore matchers. */
export const MATCHED_EVENTS: ReadonlySet<HookEvent> = new Set([
  'PreToolUse',
  'PermissionRequest',
  'PostToolUse',
  'SessionStart',
]);

/** `PreToolUse` → `pre_tool_use`, as hook keys and payloads spell events. */
export const eventLabel = (event: HookEvent) =>
  event.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `_${c.toLowerCase()}`));

export const isEvent = (name: string): name is HookEvent => (EVENTS as readonly string[]).includes(name);
