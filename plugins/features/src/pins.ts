import { closest, expectBoolean, expectTable, type Combined, type Reporter, type Table } from '@ratchet/core';
import type { FeatureCatalogue, FeatureMap } from './catalogue/catalogue.js';
import { unmetPrerequisites, withPrerequisites } from './normalize.js';

/** The value two layers pin in strict layering when one says true and the other false: nothing satisfies it. */
export const UNSATISFIABLE = 'unsatisfiable';

/** A pin: the value a feature must have, or unsatisfiable after tightening contradicting pins. */
export type Pin = boolean | typeof UNSATISFIABLE;

/** Pins by requirement field: `features.<canonical key>`. Each pin is a field of its own, so layers combine per key. */
export type FeaturePins = Readonly<Record<string, Pin>>;

/** Feature settings by config key: `features.<canonical key>`. */
export type FeatureSettings = Readonly<Record<string, boolean>>;

export const PREFIX = 'features.';
export const field = (key: string) => `${PREFIX}${key}`;
export const featureOf = (name: string) => name.slice(PREFIX.length);

/** Settings (`features.x`) as a feature map (`x`). */
export function asMap(settings: Partial<FeatureSettings> | Partial<FeaturePins>): Record<string, Pin> {
  const map: Record<string, Pin> = {};
  for (const [name, value] of Object.entries(settings)) if (value !== undefined) map[featureOf(name)] = value;
  return map;
}

/** Pins that hold a plain value (an unsatisfiable pin has none). */
export function pinValues(pins: Partial<FeaturePins>): FeatureMap {
  return Object.fromEntries(Object.entries(asMap(pins)).filter(([, v]) => v !== UNSATISFIABLE)) as FeatureMap;
}

export const hasUnsatisfiable = (pins: Partial<FeaturePins>) => Object.values(pins).includes(UNSATISFIABLE);

/** Parses one layer's `[features]` (or `[feature_requirements]`) table; only canonical keys with boolean values are pins. */
export function parsePins(catalogue: FeatureCatalogue, slice: Table, report: Reporter): Partial<FeaturePins> {
  if (slice.features !== undefined && slice.feature_requirements !== undefined) {
    report.error('feature_requirements', 'conflict', 'both [features] and its older name [feature_requirements] are set in one file',
      'move every pin into [features]');
    return {};
  }
  const name = slice.features !== undefined ? 'features' : 'feature_requirements';
  if (slice[name] === undefined) return {};
  const table = expectTable(slice[name], name, report);
  if (!table) return {};
  const pins: Record<string, Pin> = {};
  for (const [key, raw] of Object.entries(table)) {
    const where = `${name}.${key}`;
    if (!catalogue.get(key)) {
      const canonical = catalogue.aliasOf(key);
      const near = canonical ?? closest(key, catalogue.keys);
      report.error(where, 'unknown-key',
        canonical !== undefined
          ? `invalid \`features\` requirement \`${key}\`: requirements accept only canonical feature keys, and \`${key}\` is an older name of \`${canonical}\``
          : `invalid \`features\` requirement \`${key}\`: no loaded feature has this key`,
        near !== undefined ? `use canonical feature key \`${near}\`` : 'remove it, or load the plugin that declares this feature');
      continue;
    }
    const value = expectBoolean(raw, where, report);
    if (value !== undefined) pins[field(key)] = value;
  }
  return pins;
}

/** Both sets of pins at once; a feature pinned both ways becomes unsatisfiable. */
export function tightenPins(a: Partial<FeaturePins>, b: Partial<FeaturePins>): Partial<FeaturePins> {
  const out: Record<string, Pin> = { ...a } as Record<string, Pin>;
  for (const [name, pin] of Object.entries(b)) {
    if (pin === undefined) continue;
    const mine = out[name];
    out[name] = mine === undefined || mine === pin ? pin : UNSATISFIABLE;
  }
  return out;
}

/** Whether a (partial) feature map is compatible with the pins: it agrees with every pin it sets, and pins and map together never switch a feature on that either sets off. */
export function pinsAllow(catalogue: FeatureCatalogue, pins: Partial<FeaturePins>, map: FeatureMap): boolean {
  if (hasUnsatisfiable(pins)) return false;
  const values = pinValues(pins);
  for (const [key, value] of Object.entries(values)) if (map[key] !== undefined && map[key] !== value) return false;
  return unmetPrerequisites(catalogue, { ...map, ...values }).length === 0;
}

/** `[k=v, …]` for every pin in catalogue order, the way Codex lists an allowed set. */
export function describePins(catalogue: FeatureCatalogue, pins: FeatureMap): string {
  return `[${catalogue.keys.filter((k) => pins[k] !== undefined).map((k) => `${k}=${pins[k]}`).join(', ')}]`;
}

/** Codex's message for a pin that normalization broke (`key` ended up `actual`), then which features needed it. */
export function brokenPinMessage(catalogue: FeatureCatalogue, pins: FeatureMap, key: string, actual: boolean, setBy: string, because: readonly string[]): string {
  return `invalid value for \`features\`: \`${key}=${actual}\` is not in the allowed set ${describePins(catalogue, pins)} (set by ${setBy}): ${because.join(', ')} requires ${key}`;
}

/** The enabled features of `map` that need `key`, in catalogue order. */
export function needing(catalogue: FeatureCatalogue, map: FeatureMap, key: string): string[] {
  return catalogue.dependents.filter((k) => map[k] && catalogue.prerequisites(k).includes(key));
}

/** Pins that cannot hold together even with nothing else set: a pinned-on feature needs a pinned-off one. Reported per broken pin. */
export function validatePins(catalogue: FeatureCatalogue, requirement: Combined<FeaturePins>, report: Reporter): void {
  const values = pinValues(requirement.value);
  const origins = requirement.origins as Record<string, readonly { label: string }[] | undefined>;
  const sourcesOf = (key: string) => (origins[field(key)] ?? []).map((s) => s.label);
  for (const [name, pin] of Object.entries(requirement.value)) {
    if (pin !== UNSATISFIABLE) continue;
    report.error(name, 'conflict', `\`${name}\` is pinned both true and false (by ${sourcesOf(featureOf(name)).join(', ')})`,
      'pin it one way in every requirements layer');
  }
  const broken = new Map<string, string>();
  for (const [dependent, needed] of unmetPrerequisites(catalogue, values)) if (!broken.has(needed)) broken.set(needed, dependent);
  for (const [needed, dependent] of broken) {
    const involved = [...new Set([...sourcesOf(needed), ...sourcesOf(dependent)])];
    const after = withPrerequisites(catalogue, values).map[needed];
    report.error(field(needed), 'conflict',
      brokenPinMessage(catalogue, values, needed, after!, involved.join(', '), [`the pin ${dependent}=true`]),
      `pin ${needed} = true, or stop pinning ${dependent} = true`);
  }
}

/** The `[features]` table a set of pins prints as (unsatisfiable pins cannot be written and are left out). */
export function printPins(pins: Partial<FeaturePins>): Table {
  const values = asMap(pins);
  const table = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== UNSATISFIABLE));
  return Object.keys(table).length > 0 ? { features: table } : {};
}
