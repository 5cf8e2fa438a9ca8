import { expectBoolean, isTable, typeName, type LegacyKey, type Reporter, type SettingSpec } from '@ratchet/core';
import type { CatalogueEntry, FeatureCatalogue } from './catalogue/catalogue.js';
import { field } from './keys.js';

/** A user's value for a feature: a boolean, or for a table-form feature a table whose `enabled` key holds it. */
function parseValue(entry: CatalogueEntry, raw: unknown, key: string, report: Reporter): boolean | undefined {
  const needs = entry.enableRequires;
  if (needs !== undefined && (raw === true || (isTable(raw) && raw.enabled === true && !needs.some((k) => k in raw)))) {
    report({
      severity: 'error',
      kind: 'missing-key',
      key: key,
      message: `${key} requires ${needs.join(' or ')} when enabled`,
      suggestion: `write a [${key}] table with enabled = true and its settings, or leave the feature off`,
    });
    return undefined;
  }
  if (entry.tableForm && isTable(raw)) {
    return raw.enabled === undefined ? undefined : expectBoolean(raw.enabled, `${key}.enabled`, report);
  }
  if (typeof raw !== 'boolean') {
    report({
      severity: 'error',
      kind: 'invalid-type',
      key,
      message: `invalid type: expected a boolean, found ${typeName(raw)}`,
      suggestion: entry.tableForm
        ? `write ${key} = true or false, or a [${key}] table with enabled = true or false`
        : `write ${key} = true or false`,
    });
    return undefined;
  }
  return raw;
}

/** A feature's value as the user wrote it; a deprecated feature's value is read with a warning, as Codex does. */
function readFeature(entry: CatalogueEntry, raw: unknown, key: string, report: Reporter): boolean | undefined {
  const value = parseValue(entry, raw, key, report);
  if (value !== undefined && entry.stage === 'deprecated') {
    report({
      severity: 'warning',
      kind: 'deprecated-key',
      key: key,
      message: `\`[features].${entry.key}\` is deprecated and will be removed`,
      suggestion: `remove ${key}`,
    });
  }
  return value;
}

/**
 * The setting of one feature. A couple of hundred are made at every start, so each is a small object whose reader
 * and description live on the class; only the few features with older spellings carry a list of them.
 */
class FeatureSetting implements SettingSpec<boolean> {
  readonly configKey: string;
  readonly constrainedBy: readonly string[];
  readonly legacyKeys?: readonly LegacyKey<boolean>[];
  readonly #entry: CatalogueEntry;

  constructor(entry: CatalogueEntry) {
    this.#entry = entry;
    this.configKey = field(entry.key);
    this.constrainedBy = [this.configKey];
    if (entry.aliases !== undefined || entry.legacyToggles !== undefined) {
      const replacement = `use [features].${entry.key} instead`;
      const read = (raw: unknown, key: string, report: Reporter) => readFeature(entry, raw, key, report);
      this.legacyKeys = [
        ...(entry.aliases ?? []).map((alias) => ({ configKey: field(alias), read, replacement })),
        ...(entry.legacyToggles ?? []).map((toggle) => ({ configKey: toggle, read, replacement })),
      ];
    }
  }

  get docs(): string {
    const entry = this.#entry;
    return `${entry.docs ?? `Feature ${entry.key}.`} (${entry.stage}, default ${entry.default ? 'on' : 'off'}, from ${entry.source})`;
  }

  parse(raw: unknown, key: string, report: Reporter): boolean | undefined {
    return readFeature(this.#entry, raw, key, report);
  }
}

/** One setting per catalogue feature, at `features.<key>`, reading its aliases and legacy toggles when it is absent. */
export function featureSettings(catalogue: FeatureCatalogue): Record<string, SettingSpec<boolean>> {
  const settings: Record<string, SettingSpec<boolean>> = {};
  for (const entry of catalogue.entries) settings[field(entry.key)] = new FeatureSetting(entry);
  return settings;
}
