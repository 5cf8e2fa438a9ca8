import {
  DiagnosticBag,
  expectBoolean,
  isTable,
  typeName,
  type LegacyKey,
  type Reporter,
  type Requested,
  type RequestedSettings,
  type SettingSpec,
} from '@ratchet/core';
import type { CatalogueEntry, FeatureCatalogue } from './catalogue/catalogue.js';
import { field, type FeatureSettings } from './pins.js';

/** The setting that reads each layer's whole `[features]` table, so the layer that spells a feature, in any spelling, decides it. */
export const SPELLINGS = 'features';

/** Per canonical key, the value and origin of the highest layer whose `[features]` table spells it. */
export type Spellings = Readonly<Record<string, Requested<boolean>>>;

/** A user's value for a feature: a boolean, or for a table-form feature a table whose `enabled` key holds it. */
function parseValue(entry: CatalogueEntry, raw: unknown, key: string, report: Reporter): boolean | undefined {
  if (entry.tableForm && isTable(raw)) {
    return raw.enabled === undefined ? undefined : expectBoolean(raw.enabled, `${key}.enabled`, report);
  }
  if (typeof raw !== 'boolean') {
    report.error(key, 'invalid-type', `invalid type: expected a boolean, found ${typeName(raw)}`,
      entry.tableForm ? `write ${key} = true or false, or a [${key}] table with enabled = true or false` : `write ${key} = true or false`);
    return undefined;
  }
  return raw;
}

/**
 * The spellings setting: one layer's `[features]` table as canonical key → value with where it was written (the
 * canonical key before an alias). Joined over the layers, the highest one wins each key. Problems are left to the
 * per-feature settings, which report them.
 */
function spellingsSetting(catalogue: FeatureCatalogue): SettingSpec<Spellings> {
  return {
    configKey: SPELLINGS,
    docs: 'Every spelling of every feature, per layer (read to order canonical keys and older names across layers).',
    constrainedBy: [],
    merge: 'append',
    parse(raw, key, _report, origin) {
      if (!isTable(raw) || !origin) return undefined;
      const out: Record<string, Requested<boolean>> = {};
      for (const entry of catalogue.entries) {
        for (const spelling of [entry.key, ...(entry.aliases ?? [])]) {
          const value = Object.hasOwn(raw, spelling) ? parseValue(entry, raw[spelling], spelling, new DiagnosticBag()) : undefined;
          if (value === undefined) continue;
          out[entry.key] = { value, origin: { ...origin, key: `${key}.${spelling}` } };
          break;
        }
      }
      return out;
    },
  };
}

/**
 * One setting per catalogue feature, at `features.<key>`, reading its aliases and legacy toggles when it is absent;
 * plus the spellings setting and one setting per legacy toggle, which `userValue` uses to order spellings by layer.
 */
export function featureSettings(catalogue: FeatureCatalogue): Record<string, SettingSpec<boolean>> {
  const settings: Record<string, SettingSpec<boolean>> = {};
  for (const entry of catalogue.entries) {
    const configKey = field(entry.key);
    const read = (raw: unknown, key: string, report: Reporter) => parseValue(entry, raw, key, report);
    const legacyKeys: LegacyKey<boolean>[] = [
      ...(entry.aliases ?? []).map((alias) => ({ configKey: field(alias), read, replacement: `use [features].${entry.key} instead` })),
      ...(entry.legacyToggles ?? []).map((toggle) => ({ configKey: toggle, read, replacement: `use [features].${entry.key} instead` })),
    ];
    settings[configKey] = {
      configKey,
      docs: `${entry.docs ?? `Feature ${entry.key}.`} (${entry.stage}, default ${entry.default ? 'on' : 'off'}, from ${entry.source})`,
      constrainedBy: [configKey],
      parse: read,
      ...(legacyKeys.length > 0 && { legacyKeys }),
    };
    for (const toggle of entry.legacyToggles ?? []) {
      settings[toggle] = {
        configKey: toggle,
        docs: `Older top-level toggle of [features].${entry.key} (read to order it against [features] by layer).`,
        constrainedBy: [],
        parse: (raw, key) => parseValue(entry, raw, key, new DiagnosticBag()),
      };
    }
  }
  // Its value is a table of spellings, not a boolean: only `userValue` reads it.
  settings[SPELLINGS] = spellingsSetting(catalogue) as unknown as SettingSpec<boolean>;
  return settings;
}

const inProfile = (origin: Requested<unknown>['origin']) => origin.key.startsWith('profiles.');

/**
 * The user's value for a feature, as Codex applies a base then the selected profile, each legacy toggles first and
 * `[features]` after: the highest layer that spells it under `[features]`, unless a legacy toggle in the profile
 * faces only a top-level spelling. Without the spellings (a hand-built context) the requested setting stands.
 */
export function userValue(entry: CatalogueEntry, requested: RequestedSettings<FeatureSettings>): Requested<boolean> | undefined {
  const spelled = (requested[SPELLINGS] as Requested<Spellings> | undefined)?.value[entry.key];
  const toggle = (entry.legacyToggles ?? []).map((t) => requested[t]).find((r) => r !== undefined);
  if (spelled && toggle) return inProfile(toggle.origin) && !inProfile(spelled.origin) ? toggle : spelled;
  return spelled ?? toggle ?? requested[field(entry.key)];
}
