import { closest, expectBoolean, expectTable, type Combined, type Reporter, type Table } from '@ratchet/core';
import type { FeatureCatalogue, FeatureMap } from './catalogue/catalogue.js';
import { featureOf, field } from './keys.js';
import { unmetPrerequisites, withPrerequisites } from './normalize.js';

/** The value two layers pin in strict layering when one says true and the other false: nothing satisfies it. */
export const UNSATISFIABLE = 'unsatisfiable';

/** What a layer's `[features]` table says about a key it does not name: the user decides, whatever lower layers pin. */
export const UNPINNED = 'unpinned';

/** A pin: the value a feature must have, unsatisfiable after tightening contradicting pins, or left to the user. */
export type Pin = boolean | typeof UNSATISFIABLE | typeof UNPINNED;

/**
 * Pins by requirement field: `features.<canonical key>`. A layer with a `[features]` table sets every field (the
 * keys it does not name as unpinned), so the highest layer that has a table decides all of them, an empty table included.
 */
export type FeaturePins = Readonly<Record<string, Pin>>;

/** Feature settings by config key: `features.<canonical key>`. */
export type FeatureSettings = Readonly<Record<string, boolean>>;

/** Settings (`features.x`) as a feature map (`x`). */
export function asMap(settings: Partial<FeatureSettings> | Partial<FeaturePins>): Record<string, Pin> {
  const map: Record<string, Pin> = {};
  for (const [name, value] of Object.entries(settings)) if (value !== undefined) map[featureOf(name)] = value;
  return map;
}

/** Pins that hold a plain value (an unsatisfiable or unpinned field has none). */
export function pinValues(pins: Partial<FeaturePins>): FeatureMap {
  const values: Record<string, boolean> = {};
  for (const name in pins) {
    const pin = pins[name];
    if (typeof pin === 'boolean') values[featureOf(name)] = pin;
  }
  return values;
}

export const hasUnsatisfiable = (pins: Partial<FeaturePins>) => Object.values(pins).includes(UNSATISFIABLE);

const unpinnedTables = new WeakMap<FeatureCatalogue, Readonly<Record<string, Pin>>>();

/** Every field of the catalogue unpinned (what a `[features]` table naming no key says), as a fresh object. */
export function unpinnedTable(catalogue: FeatureCatalogue): Record<string, Pin> {
  let table = unpinnedTables.get(catalogue);
  if (!table)
    unpinnedTables.set(
      catalogue,
      (table = Object.freeze(Object.fromEntries(catalogue.keys.map((k): [string, Pin] => [field(k), UNPINNED])))),
    );
  return { ...table };
}

/** The feature a requirements key pins and whether the key is an older spelling to warn about: a canonical key, a requirements-only name such as `auto_review`, or an alias such as `collab`. */
function pinnedFeature(catalogue: FeatureCatalogue, key: string): { feature: string; legacy: boolean } | undefined {
  if (catalogue.get(key)) return { feature: key, legacy: false };
  const pinAlias = catalogue.pinAliasOf(key);
  if (pinAlias !== undefined) return { feature: pinAlias, legacy: false };
  const alias = catalogue.aliasOf(key);
  return alias === undefined ? undefined : { feature: alias, legacy: true };
}

/**
 * Parses one layer's `[features]` (or `[feature_requirements]`) table, as Codex 0.171 does: every value must be a
 * boolean; canonical keys and requirements-only names are pins; an older spelling (`collab`) pins its canonical
 * feature with a warning naming it; unknown keys and pins of features whose pin is ignored are warned about and
 * skipped. Every other key of the catalogue is unpinned.
 */
export function parsePins(catalogue: FeatureCatalogue, slice: Table, report: Reporter): Partial<FeaturePins> {
  if (slice.features !== undefined && slice.feature_requirements !== undefined) {
    report({
      severity: 'error',
      kind: 'conflict',
      key: 'feature_requirements',
      message: 'both [features] and its older name [feature_requirements] are set in one file',
      suggestion: 'move every pin into [features]',
    });
    return {};
  }
  const name = slice.features !== undefined ? 'features' : 'feature_requirements';
  if (slice[name] === undefined) return {};
  const table = expectTable(slice[name], name, report);
  if (!table) return {};
  const pins = unpinnedTable(catalogue);
  for (const [key, raw] of Object.entries(table)) {
    const where = `${name}.${key}`;
    const value = expectBoolean(raw, where, report);
    if (value === undefined) continue;
    const pinned = pinnedFeature(catalogue, key);
    if (pinned === undefined) {
      const near = closest(key, catalogue.keys);
      report({
        severity: 'warning',
        kind: 'unknown-key',
        key: where,
        message: `ignoring unknown \`features\` requirement \`${key}\`: no loaded feature has this key`,
        suggestion:
          near !== undefined ? `did you mean \`${near}\`?` : 'remove it, or load the plugin that declares this feature',
      });
      continue;
    }
    const { feature, legacy } = pinned;
    if (legacy) {
      report({
        severity: 'warning',
        kind: 'deprecated-key',
        key: where,
        message: `using legacy \`features\` requirement \`${key}\`; prefer canonical feature key \`${feature}\``,
        suggestion: `write ${feature} = ${value}`,
      });
    }
    const entry = catalogue.get(feature)!;
    const ignored = entry.ignoredPinReason ?? (catalogue.inert.includes(entry) ? '' : undefined);
    if (ignored !== undefined) {
      report({
        severity: 'warning',
        kind: 'not-enforced',
        key: where,
        message: `ignoring removed \`features\` requirement \`${key}\`: ${ignored || `the feature stays at its default (${entry.default})`}`,
        suggestion: `remove ${key}`,
      });
      continue;
    }
    if (value && entry.enableRequires !== undefined) {
      report({
        severity: 'error',
        kind: 'invalid-value',
        key: where,
        message: `features.${feature} requires ${entry.enableRequires.join(' or ')} when enabled: a pin cannot turn it on`,
        suggestion: `pin ${key} = false, or leave it to users who configure [features.${feature}]`,
      });
      continue;
    }
    if (feature !== key && Object.hasOwn(table, feature)) {
      if (table[feature] !== value) {
        report({
          severity: 'warning',
          kind: 'conflict',
          key: where,
          message: `\`${key} = ${value}\` is ignored: \`${feature}\` is set in the same table and wins`,
          suggestion: `remove ${key}`,
        });
      }
      continue;
    }
    pins[field(feature)] = value;
  }
  return pins;
}

/** Both sets of pins at once: an unpinned field takes the other's pin; a feature pinned both ways becomes unsatisfiable. */
export function tightenPins(a: Partial<FeaturePins>, b: Partial<FeaturePins>): Partial<FeaturePins> {
  const out: Record<string, Pin> = { ...a } as Record<string, Pin>;
  for (const [name, pin] of Object.entries(b)) {
    if (pin === undefined) continue;
    const mine = out[name];
    if (mine === undefined || mine === UNPINNED || mine === pin) out[name] = pin;
    else if (pin !== UNPINNED) out[name] = UNSATISFIABLE;
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
  return `[${catalogue.keys
    .filter((k) => pins[k] !== undefined)
    .map((k) => `${k}=${pins[k]}`)
    .join(', ')}]`;
}

/** Codex's message for a pin that normalization broke (`key` ended up `actual`), then which features needed it. */
export function brokenPinMessage(
  catalogue: FeatureCatalogue,
  pins: FeatureMap,
  key: string,
  actual: boolean,
  setBy: string,
  because: readonly string[],
): string {
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
  for (const name in requirement.value) {
    if (requirement.value[name] !== UNSATISFIABLE) continue;
    report({
      severity: 'error',
      kind: 'conflict',
      key: name,
      message: `\`${name}\` is pinned both true and false (by ${sourcesOf(featureOf(name)).join(', ')})`,
      suggestion: 'pin it one way in every requirements layer',
    });
  }
  const broken = new Map<string, string>();
  for (const [dependent, needed] of unmetPrerequisites(catalogue, values))
    if (!broken.has(needed)) broken.set(needed, dependent);
  for (const [needed, dependent] of broken) {
    const involved = [...new Set([...sourcesOf(needed), ...sourcesOf(dependent)])];
    const after = withPrerequisites(catalogue, values).map[needed];
    report({
      severity: 'error',
      kind: 'conflict',
      key: field(needed),
      message: brokenPinMessage(catalogue, values, needed, after!, involved.join(', '), [`the pin ${dependent}=true`]),
      suggestion: `pin ${needed} = true, or stop pinning ${dependent} = true`,
    });
  }
}

/** The `[features]` table a set of pins prints as: absent when no field is set, else its pins (unsatisfiable ones cannot be written). */
export function printPins(pins: Partial<FeaturePins>): Table {
  if (Object.values(pins).every((v) => v === undefined)) return {};
  return { features: pinValues(pins) };
}
