import {
  abbreviate,
  deepEqual,
  formatValue,
  isTable,
  toPlain,
  type AnyProvider,
  type DependencyReader,
  type Report,
  type SettingSpec,
  valueAt,
} from '@ratchet/core';
import { nested, type Witness } from './witness.js';

/** Every value a JSON Schema fragment names: `enum` members, `const`s, and both booleans where a boolean is typed. */
function schemaValues(schema: unknown, out: unknown[]): void {
  if (Array.isArray(schema)) {
    for (const item of schema) schemaValues(item, out);
    return;
  }
  if (!isTable(schema)) return;
  if (Array.isArray(schema.enum)) out.push(...(schema.enum as unknown[]));
  if ('const' in schema) out.push(schema.const);
  if (schema.type === 'boolean') out.push(true, false);
  for (const value of Object.values(schema)) schemaValues(value, out);
}

/** Every scalar in a printed requirement, and every list of scalars whole (an allowed list is a value too). */
function leaves(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) {
    if (value.every((v) => !isTable(v) && !Array.isArray(v))) out.push(value);
    for (const item of value) leaves(item, out);
  } else if (isTable(value)) for (const item of Object.values(value)) leaves(item, out);
  else if (value !== undefined) out.push(value);
}

/** A table with every boolean leaf negated: `[apps.x] enabled = false` asks what a user enabling it gets. */
function flipped(value: unknown): unknown {
  if (typeof value === 'boolean') return !value;
  if (Array.isArray(value)) return value.map(flipped);
  return isTable(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flipped(v)])) : value;
}

/** Candidate values for a provider's settings, from its own schema and both requirements as printed. */
function candidates(provider: AnyProvider, requirements: readonly object[]): unknown[] {
  const raw: unknown[] = [true, false];
  schemaValues(provider.schema, raw);
  for (const requirement of requirements) {
    const printed = provider.print(requirement);
    leaves(printed, raw);
    // A table-valued setting spelled like its requirement (`[apps.<id>]`): the table as written and turned around.
    for (const spec of Object.values(provider.settings as Record<string, SettingSpec<unknown>>)) {
      const table = valueAt(printed, spec.configKey);
      if (isTable(table)) raw.push(table, flipped(table));
    }
  }
  const seen = new Set<string>();
  return raw.filter((v) => {
    const id = JSON.stringify(v);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The raw candidates a setting parses without a problem, as the setting's own values. */
function valuesFor(spec: SettingSpec<unknown>, key: string, raw: readonly unknown[]): unknown[] {
  const values: unknown[] = [];
  for (const candidate of raw) {
    let bad = false;
    const report = (entry: Report) => {
      if (entry.severity === 'error') bad = true;
    };
    const value = spec.parse(candidate, key, report);
    if (!bad && value !== undefined && !values.some((v) => deepEqual(v, value))) values.push(value);
  }
  return values;
}

/** One side of a settings comparison: a provider's combined requirement and the values it may depend on. */
export interface SettingsSide {
  readonly requirement: object;
  readonly dependency: DependencyReader;
}

/**
 * Settings one side accepts and the other refuses, judged by the provider's own `allows` over values drawn from its
 * schema and both requirements: `looser` lists what `newer` accepts and `older` refused, `stricter` the reverse.
 */
export function compareSettings(
  provider: AnyProvider,
  older: SettingsSide,
  newer: SettingsSide,
): { looser: Witness[]; stricter: Witness[] } {
  const looser: Witness[] = [];
  const stricter: Witness[] = [];
  const raw = candidates(provider, [older.requirement, newer.requirement]);
  const settings = provider.settings as Record<string, SettingSpec<unknown>>;
  for (const [key, spec] of Object.entries(settings)) {
    for (const value of valuesFor(spec, key, raw)) {
      // Judged in canonical form, as resolve and runtime `set` judge it (a removed feature's value is dropped).
      const asked = provider.normalize({ [key]: value }) as Record<string, unknown>;
      if (asked[key] === undefined) continue;
      const before = provider.allows(older.requirement, asked, older.dependency);
      const after = provider.allows(newer.requirement, asked, newer.dependency);
      if (before === after) continue;
      const plain = toPlain(value);
      const witness: Witness = {
        provider: provider.id,
        key,
        input: `${key} = ${abbreviate(formatValue(plain), 100)}`,
        old: before ? 'accepted' : 'refused',
        new: after ? 'accepted' : 'refused',
        case: { config: nested(spec.configKey, plain) },
      };
      (after ? looser : stricter).push(witness);
    }
  }
  return { looser, stricter };
}
