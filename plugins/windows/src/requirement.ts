import {
  expectBoolean,
  expectEnumList,
  expectTable,
  warnUnknownKeys,
  type Combined,
  type Reporter,
  type Table,
} from '@ratchet/core';
import { WINDOWS_SANDBOXES, type WindowsSandbox } from './implementations.js';

/** What strict layering makes of `sandbox_private_desktop` pinned true by one layer and false by another: nothing satisfies it. */
export const UNSATISFIABLE = 'unsatisfiable';

/** A required `sandbox_private_desktop` value, or unsatisfiable after a strict meet of contradicting layers. */
export type DesktopPin = boolean | typeof UNSATISFIABLE;

/** One `[windows]` requirements table, parsed. */
export interface WindowsTable {
  /** Implementations users may select; never empty once validated. */
  readonly allowed_sandbox_implementations?: readonly WindowsSandbox[];
  /** The exact value that replaces the user's `windows.sandbox_private_desktop`. */
  readonly sandbox_private_desktop?: DesktopPin;
  /** Whether the MXC Windows sandbox is required (Codex 0.171); reported for hosts, Ratchet does not choose sandboxes. */
  readonly require_mxc?: boolean;
}

/**
 * The windows provider's requirement: the whole `[windows]` table is one field, so the highest layer with the
 * table wins all of it (an empty table included) and lower layers' tables are ignored.
 */
export interface WindowsRequirement {
  readonly windows?: WindowsTable;
}

export const FIELD = 'windows';
export const LIST = 'allowed_sandbox_implementations';
export const PIN = 'sandbox_private_desktop';
export const MXC = 'require_mxc';

/** Parses one layer's `[windows]`; unknown keys are warned about and ignored, any bad value fails the whole table. */
export function parseWindowsTable(raw: unknown, report: Reporter): WindowsTable | undefined {
  const table = expectTable(raw, FIELD, report);
  if (!table) return undefined;
  warnUnknownKeys(table, [LIST, PIN, MXC], `${FIELD}.`, report);
  const list =
    table[LIST] === undefined ? undefined : expectEnumList(table[LIST], `${FIELD}.${LIST}`, report, WINDOWS_SANDBOXES);
  const pin = table[PIN] === undefined ? undefined : expectBoolean(table[PIN], `${FIELD}.${PIN}`, report);
  const mxc = table[MXC] === undefined ? undefined : expectBoolean(table[MXC], `${FIELD}.${MXC}`, report);
  const read = [
    [LIST, list],
    [PIN, pin],
    [MXC, mxc],
  ] as const;
  if (read.some(([key, value]) => table[key] !== undefined && value === undefined)) return undefined;
  return {
    ...(list !== undefined && { [LIST]: list }),
    ...(pin !== undefined && { [PIN]: pin }),
    ...(mxc !== undefined && { [MXC]: mxc }),
  };
}

function meetPin(a: DesktopPin | undefined, b: DesktopPin | undefined): DesktopPin | undefined {
  if (a === undefined) return b;
  if (b === undefined || a === b) return a;
  return UNSATISFIABLE;
}

/** The strict meet of two tables: lists intersect (in `a`'s order), pins must agree. */
export function meetTables(a: WindowsTable, b: WindowsTable): WindowsTable {
  const x = a[LIST];
  const y = b[LIST];
  const list = x && y ? x.filter((impl) => y.includes(impl)) : (x ?? y);
  const pin = meetPin(a[PIN], b[PIN]);
  // Requiring MXC restricts which sandbox may run: required by either layer, required by the meet.
  const mxc = a[MXC] === true || b[MXC] === true ? true : (a[MXC] ?? b[MXC]);
  return {
    ...(list !== undefined && { [LIST]: list }),
    ...(pin !== undefined && { [PIN]: pin }),
    ...(mxc !== undefined && { [MXC]: mxc }),
  };
}

/** Back to a `[windows]` slice; the table is printed even when empty, so it still masks lower layers. */
export function printWindowsTable(t: WindowsTable): Table {
  const out: Record<string, unknown> = {};
  if (t[LIST] !== undefined) out[LIST] = [...t[LIST]];
  if (typeof t[PIN] === 'boolean') out[PIN] = t[PIN];
  if (t[MXC] !== undefined) out[MXC] = t[MXC];
  return { [FIELD]: out };
}

/** Combined-requirement checks: an empty list and contradicting pins stop loading. */
export function validateWindows({ value, origins }: Combined<WindowsRequirement>, report: Reporter): void {
  const t = value.windows;
  if (!t) return;
  const sources = origins.windows ?? [];
  if (t[LIST]?.length === 0) {
    const why = sources.length > 1 ? ' (the layers that set it have no implementation in common)' : '';
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: `${FIELD}.${LIST}`,
      message: `field \`${FIELD}.${LIST}\` cannot be empty${why}`,
      suggestion: 'list at least one implementation: "elevated" or "unelevated"',
    });
  }
  if (t[PIN] === UNSATISFIABLE) {
    const by = sources.map((s) => s.label).join(', ') || 'the requirements';
    report({
      severity: 'error',
      kind: 'conflict',
      key: `${FIELD}.${PIN}`,
      message: `\`${FIELD}.${PIN}\` is pinned both true and false (by ${by})`,
      suggestion: 'pin it one way in every requirements layer',
    });
  }
}
