import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ProviderSetupError } from '../diagnostics/errors.js';
import type { Requested } from '../provider/contract.js';
import type { Key } from '../provider/keys.js';
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
export class Resolved {
  constructor(
    readonly entries: ReadonlyMap<string, EffectiveEntry>,
    /** Loading and resolution diagnostics, warnings and notices (never errors: those are thrown). */
    readonly diagnostics: readonly Diagnostic[],
  ) {}

  /**
   * The effective value of a key, typed by it; undefined when no loaded provider produced it. A value produced by
   * another provider than the key's owner is a setup error (two providers disagree on what the key means).
   */
  value<T>(key: Key<T>): T | undefined {
    const entry = this.entries.get(key.name);
    if (entry === undefined) return undefined;
    if (entry.provider !== key.owner) {
      throw new ProviderSetupError(`"${key.name}" comes from provider "${entry.provider}", not from "${key.owner}"`);
    }
    return entry.value as T;
  }
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
