import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Requested } from '../provider/contract.js';
import { toPlain } from '../shape/values.js';

/** A requirement field that took part in deciding a value, with the layers that set it. */
export interface ConstraintRef {
  readonly field: string;
  readonly value: unknown;
  /** Labels of the layers that set the field, highest first. */
  readonly sources: readonly string[];
}

/** One effective value and its whole story: who asked for what, which requirement decided, by which rule. */
export interface EffectiveEntry {
  readonly key: string;
  readonly value: unknown;
  readonly provider: string;
  readonly requested?: Requested<unknown>;
  readonly rule: string;
  readonly constraints: readonly ConstraintRef[];
}

/** The answer to "what is the effective configuration": entries in resolution order and diagnostics. */
export interface Resolved {
  readonly entries: ReadonlyMap<string, EffectiveEntry>;
  /** Loading and resolution diagnostics, warnings and notices (never errors: those are thrown). */
  readonly diagnostics: readonly Diagnostic[];
}

/** The effective configuration as one nested object, keyed like config.toml (dotted keys become tables). */
export function effectiveObject(resolved: Resolved): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of resolved.entries.values()) {
    if (entry.value === undefined) continue;
    const path = entry.key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = toPlain(entry.value);
  }
  return out;
}
