import type { Table } from '@ratchet/core';

/** A concrete input one policy treats more loosely than the other: what proves a loosening (or a tightening). */
export interface Witness {
  /** The provider whose requirement makes the difference. */
  readonly provider: string;
  /** The setting key (`sandbox_mode`) or the question (`command`, `mcp_server`, `domain`, `hook_event`). */
  readonly key: string;
  /** The input in a line: `sandbox_mode = "danger-full-access"`, `command git push --force`. */
  readonly input: string;
  /** What the older policy answers (`refused`, `forbidden`, `disabled`, the hooks that ran). */
  readonly old: string;
  /** What the newer policy answers. */
  readonly new: string;
  /** The input as a policy test case (`{ config = {...} }`, `{ command = [...] }`), so it can be replayed. */
  readonly case: Table;
}

/** Sets a dotted key in a fresh nested table: `features.hooks` = true → `{ features: { hooks: true } }`. */
export function nested(key: string, value: unknown): Table {
  const parts = key.split('.');
  let table: Record<string, unknown> = { [parts.pop()!]: value };
  for (const part of parts.reverse()) table = { [part]: table };
  return table;
}
