import {
  deepEqual,
  expectBoolean,
  expectEntries,
  expectEnum,
  expectString,
  expectTable,
  type Reporter,
  type Table,
  warnUnknownKeys,
} from '@ratchet/core';

/** Every tool approval mode: `auto` (the default behaviour), `prompt` (always ask) or `approve` (pre-approved). */
export const APPROVAL_MODES = ['auto', 'prompt', 'approve'] as const;

/** How a tool call is approved. */
export type ApprovalMode = (typeof APPROVAL_MODES)[number];

/** Opt-in analytics extraction for one tool's results; unknown formats are kept. */
export interface ResultSource {
  readonly format: string;
  readonly type: string;
}

/** Two or more layers pinned different values (only `tighten`, in strict layering, produces it); nothing satisfies it. */
export interface Conflict<T> {
  readonly conflict: readonly T[];
}

/** What requirements pin for one tool of an app. */
export interface ToolRequirement {
  readonly approval_mode?: ApprovalMode | Conflict<ApprovalMode>;
  readonly analytics_result_source?: ResultSource | Conflict<ResultSource>;
}

/** What requirements say about one app (connector). */
export interface AppRequirement {
  /** `false` disables the app whatever the user says; `true` does nothing. */
  readonly enabled?: boolean;
  readonly tools?: Readonly<Record<string, ToolRequirement>>;
}

/** The apps provider's requirement: `[apps.<connector_id>]` tables. */
export interface AppsRequirement {
  readonly apps?: Readonly<Record<string, AppRequirement>>;
}

export type Apps = NonNullable<AppsRequirement['apps']>;

export function isConflict<T>(pin: T | Conflict<T> | undefined): pin is Conflict<T> {
  return typeof pin === 'object' && pin !== null && Object.hasOwn(pin, 'conflict');
}

/** A pin's value, or undefined when it is unset or conflicting. */
export function pinned<T>(pin: T | Conflict<T> | undefined): T | undefined {
  return isConflict(pin) ? undefined : pin;
}

/** The pins of one tool that apply (set and not conflicting). */
export const TOOL_PINS = ['approval_mode', 'analytics_result_source'] as const;

function parseSource(raw: unknown, at: string, report: Reporter): ResultSource | undefined {
  const table = expectTable(raw, at, report);
  if (!table) return undefined;
  let ok = true;
  for (const key of Object.keys(table)) {
    if (key !== 'format' && key !== 'type') {
      report({
        severity: 'error',
        kind: 'unknown-key',
        key: `${at}.${key}`,
        message: `unknown field "${key}" in analytics_result_source`,
        suggestion: 'write only format and type',
      });
      ok = false;
    }
  }
  for (const key of ['format', 'type'] as const) {
    if (table[key] === undefined) {
      report({
        severity: 'error',
        kind: 'missing-key',
        key: `${at}.${key}`,
        message: `analytics_result_source needs ${key}`,
        suggestion: `add ${key} = "..."`,
      });
      ok = false;
    }
  }
  const format = table.format === undefined ? undefined : expectString(table.format, `${at}.format`, report);
  const type = table.type === undefined ? undefined : expectString(table.type, `${at}.type`, report);
  return ok && format !== undefined && type !== undefined ? { format, type } : undefined;
}

function parseTool(raw: unknown, at: string, report: Reporter): ToolRequirement | undefined {
  const table = expectTable(raw, at, report);
  if (!table) return undefined;
  warnUnknownKeys(
    table,
    TOOL_PINS,
    `${at}.`,
    report,
    'a tool requirement has approval_mode and analytics_result_source',
  );
  const mode =
    table.approval_mode === undefined
      ? undefined
      : expectEnum(table.approval_mode, `${at}.approval_mode`, report, APPROVAL_MODES);
  const source =
    table.analytics_result_source === undefined
      ? undefined
      : parseSource(table.analytics_result_source, `${at}.analytics_result_source`, report);
  if (
    (table.approval_mode !== undefined && mode === undefined) ||
    (table.analytics_result_source !== undefined && source === undefined)
  )
    return undefined;
  return {
    ...(mode !== undefined && { approval_mode: mode }),
    ...(source !== undefined && { analytics_result_source: source }),
  };
}

/** Parses `[apps]` of one requirements layer; undefined when anything in it is invalid (each problem is reported). */
export function parseApps(raw: unknown, report: Reporter): Apps | undefined {
  return expectEntries(raw, 'apps', report, (entry, at): AppRequirement | undefined => {
    const app = expectTable(entry, at, report);
    if (!app) return undefined;
    warnUnknownKeys(app, ['enabled', 'tools'], `${at}.`, report, 'an app requirement has enabled and tools');
    const enabled = app.enabled === undefined ? undefined : expectBoolean(app.enabled, `${at}.enabled`, report);
    const tools =
      app.tools === undefined
        ? undefined
        : expectEntries(app.tools, `${at}.tools`, report, (body, toolAt) => parseTool(body, toolAt, report));
    if ((app.enabled !== undefined && enabled === undefined) || (app.tools !== undefined && tools === undefined))
      return undefined;
    return { ...(enabled !== undefined && { enabled }), ...(tools !== undefined && { tools }) };
  });
}

/** Back to a requirements slice; conflicting pins cannot be written and are left out. */
export function printApps(apps: Apps): Table {
  const tools = (list: Readonly<Record<string, ToolRequirement>>) =>
    Object.fromEntries(
      Object.entries(list).map(([tool, pins]) => [
        tool,
        Object.fromEntries(TOOL_PINS.flatMap((k) => (pinned(pins[k]) === undefined ? [] : [[k, pins[k]]]))),
      ]),
    );
  return Object.fromEntries(
    Object.entries(apps).map(([id, app]) => [
      id,
      {
        ...(app.enabled !== undefined && { enabled: app.enabled }),
        ...(app.tools && { tools: tools(app.tools) }),
      },
    ]),
  );
}

/** Joins two apps tables entry by entry; `enabled` and each tool pin combine with the functions given. */
function join(
  a: Apps,
  b: Apps,
  enabled: (x: boolean | undefined, y: boolean | undefined) => boolean | undefined,
  pin: <T>(x: T | Conflict<T> | undefined, y: T | Conflict<T> | undefined) => T | Conflict<T> | undefined,
): Apps {
  const out: Record<string, AppRequirement> = {};
  for (const id of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = Object.hasOwn(a, id) ? a[id]! : undefined;
    const y = Object.hasOwn(b, id) ? b[id]! : undefined;
    const on = enabled(x?.enabled, y?.enabled);
    let tools: Record<string, ToolRequirement> | undefined;
    if (x?.tools || y?.tools) {
      tools = {};
      for (const tool of new Set([...Object.keys(x?.tools ?? {}), ...Object.keys(y?.tools ?? {})])) {
        const p = x?.tools?.[tool] ?? {};
        const q = y?.tools?.[tool] ?? {};
        const mode = pin(p.approval_mode, q.approval_mode);
        const source = pin(p.analytics_result_source, q.analytics_result_source);
        tools[tool] = {
          ...(mode !== undefined && { approval_mode: mode }),
          ...(source !== undefined && { analytics_result_source: source }),
        };
      }
    }
    out[id] = { ...(on !== undefined && { enabled: on }), ...(tools && { tools }) };
  }
  return out;
}

/** `false` from either side wins; otherwise the first side's value, else the second's. */
const falseWins = (x: boolean | undefined, y: boolean | undefined) => (x === false || y === false ? false : (x ?? y));

/** Precedence layering (Codex merge_app_requirements_descending): apps union, false wins, higher pins win and lower ones fill gaps. */
export function layerApps(higher: Apps, lower: Apps): Apps {
  return join(higher, lower, falseWins, (x, y) => x ?? y);
}

const valuesOf = <T>(pin: T | Conflict<T>): readonly T[] => (isConflict(pin) ? pin.conflict : [pin]);

/** The meet: apps union, false wins, and two different pins for one tool become a conflict nothing satisfies. */
export function tightenApps(a: Apps, b: Apps): Apps {
  return join(a, b, falseWins, (x, y) => {
    if (x === undefined || y === undefined) return x ?? y;
    const all = [...valuesOf(x), ...valuesOf(y)].filter((v, i, list) => list.findIndex((w) => deepEqual(v, w)) === i);
    return all.length === 1 ? all[0] : { conflict: all };
  });
}

/** Every conflicting pin: where it is and the values that clash. */
export function conflictsOf(apps: Apps): { key: string; values: readonly unknown[] }[] {
  return Object.entries(apps).flatMap(([id, app]) =>
    Object.entries(app.tools ?? {}).flatMap(([tool, pins]) =>
      TOOL_PINS.flatMap((k) => {
        const pin = pins[k];
        return isConflict<unknown>(pin) ? [{ key: `apps.${id}.tools.${tool}.${k}`, values: pin.conflict }] : [];
      }),
    ),
  );
}
