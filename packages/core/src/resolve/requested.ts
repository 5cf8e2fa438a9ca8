import { DiagnosticBag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { closest } from '../diagnostics/suggest.js';
import type { UserConfig } from '../config/user-config.js';
import type { AnyProvider, Requested, SettingSpec } from '../provider/contract.js';
import { isTable, valueAt } from '../shape/shape.js';
import { keptPer } from '../shape/kept.js';
import { abbreviate } from '../shape/values.js';

const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);

/** `lower` then `higher`: lists concatenate, tables join key by key, anything else from `higher` wins. */
function append(lower: unknown, higher: unknown): unknown {
  if (isList(lower) && isList(higher)) return [...lower, ...higher];
  if (!isTable(lower) || !isTable(higher)) return higher;
  const out: Record<string, unknown> = { ...lower };
  for (const [key, value] of Object.entries(higher))
    out[key] = Object.hasOwn(lower, key) ? append(lower[key], value) : value;
  return out;
}

/** A provider's settings as a list, made once per provider (a provider and its settings never change). */
const specsOf = keptPer(
  (provider: AnyProvider): readonly [string, SettingSpec<unknown>][] =>
    Object.entries(provider.settings) as [string, SettingSpec<unknown>][],
);

/**
 * Reads and checks a provider's requested settings: from the highest layer that spells a setting, its config key
 * or else the first legacy key found there. Problems and deprecation warnings are appended to `diagnostics`.
 */
export function requestedSettings(
  provider: AnyProvider,
  config: UserConfig,
  diagnostics: Diagnostic[],
): Record<string, Requested<unknown>> {
  const requested: Record<string, Requested<unknown>> = {};
  for (const [name, spec] of specsOf(provider)) {
    if (spec.merge === 'append') {
      const perLayer = config.all(spec.configKey);
      let joined: unknown;
      for (const found of perLayer) {
        const bag = new DiagnosticBag(found.origin.source, provider.id);
        const value = spec.parse(found.value, found.origin.key, bag.report, found.origin);
        diagnostics.push(...bag.items);
        if (value !== undefined) joined = joined === undefined ? value : append(joined, value);
      }
      if (joined !== undefined) requested[name] = { value: joined, origin: perLayer[perLayer.length - 1]!.origin };
      continue;
    }
    const legacyKeys = spec.legacyKeys ?? [];
    // The highest layer that spells the setting in any way decides it; within a layer the current key wins.
    const top =
      legacyKeys.length > 0 && spec.merge === undefined
        ? config.firstOf([spec.configKey, ...legacyKeys.map((l) => l.configKey)])
        : undefined;
    const winner = top && top.index > 0 ? legacyKeys[top.index - 1] : undefined;
    const found = winner
      ? undefined
      : spec.merge === 'tables'
        ? config.merged(spec.configKey)
        : config.get(spec.configKey);
    if (found) {
      const bag = new DiagnosticBag(
        spec.merge === 'tables' ? (key) => config.sourceOf(key) ?? found.origin.source : found.origin.source,
        provider.id,
      );
      const value = spec.parse(found.value, found.origin.key, bag.report, found.origin);
      diagnostics.push(...bag.items);
      if (value !== undefined) requested[name] = { value, origin: found.origin };
    }
    for (const legacy of winner ? [winner, ...legacyKeys.filter((l) => l !== winner)] : legacyKeys) {
      const old = legacy === winner ? top!.found : config.get(legacy.configKey);
      if (!old) continue;
      const bag = new DiagnosticBag(old.origin.source, provider.id);
      const replacement = legacy.replacement ?? `write ${spec.configKey} instead`;
      const chosen = requested[name];
      if (chosen) {
        bag.report({
          severity: 'warning',
          kind: 'deprecated-key',
          key: old.origin.key,
          message: `"${old.origin.key}" is deprecated and ignored: ${chosen.origin.key} is set in ${chosen.origin.source}`,
          suggestion: replacement,
        });
      } else {
        bag.report({
          severity: 'warning',
          kind: 'deprecated-key',
          key: old.origin.key,
          message: `"${old.origin.key}" is deprecated`,
          suggestion: replacement,
        });
        const value = legacy.read(old.value, old.origin.key, bag.report);
        if (value !== undefined) requested[name] = { value, origin: old.origin };
      }
      diagnostics.push(...bag.items);
    }
  }
  return requested;
}

/** Per config table of a provider, the keys its settings (and their legacy keys) read there. */
const namesIn = keptPer((provider: AnyProvider): ReadonlyMap<string, ReadonlySet<string>> => {
  const known = specsOf(provider).flatMap(([, spec]) => [
    spec.configKey,
    ...(spec.legacyKeys ?? []).map((l) => l.configKey),
  ]);
  return new Map(
    provider.configTables.map((t) => [
      t,
      new Set(known.filter((k) => k.startsWith(`${t}.`)).map((k) => k.slice(t.length + 1))),
    ]),
  );
});

/** Warns about keys in a provider's config tables (`[features]`, in every layer) that none of its settings read. */
export function unknownTableKeys(provider: AnyProvider, config: UserConfig): Diagnostic[] {
  if (provider.configTables.length === 0) return [];
  const diagnostics: Diagnostic[] = [];
  for (const [tableKey, names] of namesIn(provider)) {
    for (const layer of config.layers) {
      const node = valueAt(layer.table, tableKey);
      if (!isTable(node)) continue;
      const bag = new DiagnosticBag(layer.source, provider.id);
      for (const key of Object.keys(node)) {
        if (names.has(key)) continue;
        const near = closest(key, names);
        bag.report({
          severity: 'warning',
          kind: 'unknown-key',
          key: `${layer.keyPrefix}${tableKey}.${key}`,
          message: `unknown key "${abbreviate(key)}" in [${tableKey}]: it has no effect`,
          suggestion: near !== undefined ? `did you mean "${tableKey}.${near}"?` : 'remove it',
        });
      }
      diagnostics.push(...bag.items);
    }
  }
  return diagnostics;
}

/**
 * Requirements keys written in config.toml (`allow_managed_hooks_only`), which no provider reads there: each is
 * warned about, as Codex warns about a setting it ignores, never dropped without a word.
 */
export function requirementsKeysInConfig(providers: readonly AnyProvider[], config: UserConfig): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [provider, key] of unreadInConfig(providers))
    for (const layer of config.layers) {
      if (valueAt(layer.table, key) === undefined) continue;
      const bag = new DiagnosticBag(layer.source, provider.id);
      bag.report({
        severity: 'warning',
        kind: 'not-enforced',
        key: `${layer.keyPrefix}${key}`,
        message: `${key} is a requirements.toml key: config.toml cannot set it, so it is ignored`,
        suggestion: `remove ${key} from config.toml (an administrator sets it in requirements.toml)`,
      });
      diagnostics.push(...bag.items);
    }
  return diagnostics;
}

/** Each provider's requirements keys that no provider's setting reads in config.toml; worked out once per list. */
const unreadInConfig = keptPer((providers: readonly AnyProvider[]): readonly (readonly [AnyProvider, string])[] => {
  const read = new Set(providers.flatMap((p) => specsOf(p).map(([, spec]) => spec.configKey.split('.')[0]!)));
  return providers.flatMap((p) => p.requirementKeys.filter((k) => !read.has(k)).map((k) => [p, k] as const));
});
