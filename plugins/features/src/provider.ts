import { FEATURES_PROVIDER } from './keys.js';
import {
  createProvider,
  type Decision,
  type Diagnostic,
  type JsonSchema,
  type Provider,
  type ResolveContext,
} from '@ratchet/core';
import { FeatureCatalogue, type FeatureMap } from './catalogue/catalogue.js';
import { codexFeatures } from './catalogue/codex.js';
import type { FeatureContribution } from './catalogue/spec.js';
import { resolveFeatures, withPrerequisites } from './normalize.js';
import {
  asMap,
  brokenPinMessage,
  needing,
  parsePins,
  pinsAllow,
  pinValues,
  printPins,
  tightenPins,
  validatePins,
  type FeaturePins,
  type FeatureSettings,
} from './pins.js';
import { field } from './keys.js';
import { featuresSchema } from './schema.js';
import { featureSettings } from './settings.js';

/** How a host builds the features provider. */
export interface FeaturesOptions {
  /** Every feature contribution, built-in and third-party alike; default: Codex's catalogue only. */
  readonly contributions?: readonly FeatureContribution[];
}

/** The features provider, carrying the catalogue it was built from. */
export type FeaturesProvider = Provider<FeaturePins, FeatureSettings> & { readonly catalogue: FeatureCatalogue };

/** Whether a loaded provider is this package's features provider (it carries its catalogue), not another by that id. */
export function isFeaturesProvider(
  provider: Provider<FeaturePins, FeatureSettings> | undefined,
): provider is FeaturesProvider {
  return provider !== undefined && 'catalogue' in provider && provider.catalogue instanceof FeatureCatalogue;
}

/** Per feature, in catalogue order: its key, its setting name, the rule text of its default, and whether user values are ignored. */
type Rows = readonly {
  readonly key: string;
  readonly name: string;
  readonly byDefault: string;
  readonly ignored: boolean;
}[];

/** A user value for a feature that ignores user values: Codex skips it, so the feature keeps its default (or its pin). */
const ignoredUserValue = (
  name: string,
  user: { readonly origin: { readonly key: string; readonly source: string } },
): Diagnostic => ({
  kind: 'not-enforced',
  severity: 'info',
  source: user.origin.source,
  key: name,
  provider: 'features',
  message: `${user.origin.key} is ignored: this feature no longer follows user settings (it keeps its default, or its pin)`,
  suggestion: `remove ${user.origin.key}`,
});

/** No requirement field constrained the value (one array for the couple of hundred features that say so). */
const NOTHING: readonly string[] = Object.freeze([]);

/** Effective value, rule and diagnostics for every feature: user values, then pins, then dependency normalization. */
function resolveAll(
  catalogue: FeatureCatalogue,
  rows: Rows,
  { requirement, requested }: ResolveContext<FeaturePins, FeatureSettings>,
) {
  const pins = pinValues(requirement.value);
  const asked: Record<string, boolean> = {};
  for (const { key, name, ignored } of rows) if (requested[name] && !ignored) asked[key] = requested[name].value;
  const result = resolveFeatures(catalogue, asked, pins);
  const origins = requirement.origins as Record<string, readonly { label: string }[] | undefined>;
  const setBy = (key: string) => (origins[field(key)] ?? []).map((s) => s.label).join(', ') || 'requirements';
  const values: Record<string, Decision<boolean>> = {};
  const diagnostics: Diagnostic[] = [];
  for (const { key, name, byDefault, ignored } of rows) {
    const value = result.map[key]!;
    const pin = pins[key];
    const by = result.turnedOn.get(key);
    if (ignored && requested[name]) diagnostics.push(ignoredUserValue(name, requested[name]));
    const user = ignored ? undefined : requested[name];
    if (pin !== undefined) values[name] = { value, rule: `pinned to ${pin} by requirements`, constrainedBy: [name] };
    else if (by !== undefined)
      values[name] = {
        value,
        rule: `turned on: ${by} requires it`,
        constrainedBy: pins[by] !== undefined ? [field(by)] : [],
      };
    else values[name] = { value, rule: user ? 'requested value' : byDefault, constrainedBy: NOTHING };
    if (!user || user.value === value || result.broken.length > 0) continue;
    const where = user.origin.key === name ? user.origin.source : `${user.origin.key} in ${user.origin.source}`;
    const because = pin !== undefined ? `pinned to ${pin} by ${setBy(key)}` : `${by} = true requires it`;
    diagnostics.push({
      kind: pin !== undefined ? 'disallowed-value' : 'normalized-value',
      severity: 'warning',
      source: user.origin.source,
      key: name,
      provider: 'features',
      message: `\`${name} = ${user.value}\` (${where}) is overridden: ${because}; using ${value}`,
      suggestion:
        pin !== undefined
          ? `remove ${user.origin.key}: requirements decide it`
          : `remove ${user.origin.key}, or turn ${by} off too`,
    });
  }
  // Like Codex, the first pin that cannot hold is reported (the message lists every pin).
  const key = result.broken[0];
  if (key !== undefined) {
    const needers = needing(catalogue, result.map, key);
    const cause = needers.map((k) =>
      pins[k] !== undefined
        ? `${k}=true (pinned by ${setBy(k)})`
        : `${k}=true (${requested[field(k)]?.origin.key ?? 'default'})`,
    );
    diagnostics.push({
      kind: 'conflict',
      severity: 'error',
      source: setBy(key),
      key: field(key),
      provider: 'features',
      message: brokenPinMessage(catalogue, pins, key, result.map[key]!, setBy(key), cause),
      suggestion: `turn ${needers.join(', ')} off, or ask the administrator to pin ${key} = true`,
    });
  }
  return { values, diagnostics };
}

/** The features provider: a catalogue of feature flags, pins from requirements and dependency normalization. */
export function featuresProvider(options: FeaturesOptions = {}): FeaturesProvider {
  const catalogue = FeatureCatalogue.from(options.contributions ?? [codexFeatures()]);
  const rows: Rows[number][] = [];
  const ignored = new Set<string>();
  for (const e of catalogue.entries) {
    rows.push({
      key: e.key,
      name: field(e.key),
      byDefault: `default (${e.stage})`,
      ignored: e.ignoresUserValue === true,
    });
    if (e.ignoresUserValue === true) ignored.add(e.key);
  }
  const fields = Object.fromEntries(rows.map((r) => [r.name, { docs: `Pins feature ${r.key} to true or false.` }]));
  let schema: JsonSchema | undefined;
  const provider = createProvider({
    key: FEATURES_PROVIDER,
    docs: {
      summary: 'Pins feature flags from [features] and normalizes feature dependencies.',
      description:
        'Requirements pin feature keys to true or false; omitted keys stay with the user; an older spelling pins its ' +
        'canonical feature with a warning, and unknown keys and pins of features that ignore pins are warned about and ' +
        'skipped. The highest layer ' +
        'that has a [features] table decides every pin, an empty table included. The effective set is defaults, then ' +
        'user values (the highest config layer that spells a feature wins, whatever the spelling), normalized, then pins, ' +
        'normalized again; normalization only turns prerequisites on, and pins that cannot all hold afterwards stop ' +
        'loading. A pin that overrides a user value is warned about.',
    },
    requirementKeys: ['features', 'feature_requirements'],
    fields,
    settings: featureSettings(catalogue),
    configTables: ['features'],
    // A couple of hundred features make a large schema, which only `ratchet schema` and validation tools read.
    get schema() {
      return (schema ??= featuresSchema(catalogue));
    },
    parse: (slice, { report }) => parsePins(catalogue, slice, report),
    validate: (requirement, report) => validatePins(catalogue, requirement, report),
    tighten: tightenPins,
    allows: (r, v) => pinsAllow(catalogue, r, asMap(v) as FeatureMap),
    normalize(v) {
      const kept = Object.fromEntries(Object.entries(asMap(v)).filter(([k]) => !ignored.has(k)));
      const { map } = withPrerequisites(catalogue, kept as FeatureMap);
      return Object.fromEntries(Object.entries(map).map(([k, value]) => [field(k), value]));
    },
    resolve: (ctx) => resolveAll(catalogue, rows, ctx),
    print: printPins,
  });
  // Copied member by member, as createProvider copies: the schema stays a getter.
  const members = { ...Object.getOwnPropertyDescriptors(provider), catalogue: { value: catalogue, enumerable: true } };
  return Object.freeze(Object.defineProperties({}, members) as FeaturesProvider);
}
