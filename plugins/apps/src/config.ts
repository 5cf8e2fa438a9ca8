import { expectBoolean, expectEntries, expectEnum, expectTable, type Reporter } from '@ratchet/core';
import { APPROVAL_MODES, type ApprovalMode } from './requirement.js';

/** One tool of a configured app: what requirements may pin, and any other key as the user wrote it. */
export interface UserTool {
  readonly enabled?: boolean;
  readonly approval_mode?: ApprovalMode;
  readonly analytics_result_source?: unknown;
  readonly [key: string]: unknown;
}

/** One app (connector) in config.toml `[apps.<id>]`; keys other than `enabled` and `tools` are kept as written. */
export interface UserApp {
  readonly enabled?: boolean;
  readonly tools?: Readonly<Record<string, UserTool>>;
  readonly [key: string]: unknown;
}

/** The user's `[apps]` table. */
export type UserApps = Readonly<Record<string, UserApp>>;

/** Checks a tool table: `enabled` a boolean, `approval_mode` a known mode; undefined when either is wrong. */
function parseTool(raw: unknown, at: string, report: Reporter): UserTool | undefined {
  const table = expectTable(raw, at, report);
  if (!table) return undefined;
  const enabledOk = table.enabled === undefined || expectBoolean(table.enabled, `${at}.enabled`, report) !== undefined;
  const modeOk =
    table.approval_mode === undefined ||
    expectEnum(table.approval_mode, `${at}.approval_mode`, report, APPROVAL_MODES) !== undefined;
  return enabledOk && modeOk ? { ...table } : undefined;
}

/** Parses `[apps]` of config.toml (merged across config layers): each entry a table, `enabled` a boolean, tools tables. */
export function parseUserApps(raw: unknown, key: string, report: Reporter): UserApps | undefined {
  return expectEntries(raw, key, report, (entry, at): UserApp | undefined => {
    const app = expectTable(entry, at, report);
    if (!app) return undefined;
    const enabledOk = app.enabled === undefined || expectBoolean(app.enabled, `${at}.enabled`, report) !== undefined;
    const tools =
      app.tools === undefined
        ? undefined
        : expectEntries(app.tools, `${at}.tools`, report, (body, toolAt) => parseTool(body, toolAt, report));
    if (!enabledOk || (app.tools !== undefined && tools === undefined)) return undefined;
    return { ...app, ...(tools && { tools }) };
  });
}
