import type { DependencyReader, LegacyKey, Requested } from '@ratchet/core';
import { featureKey } from '@ratchet/plugin-features/keys';
import type { WebSearchMode } from './modes.js';

/** The deprecated feature flags that stand for a web search mode, strongest first (Codex reads `web_search_cached` first). */
export const LEGACY_FLAGS: readonly { readonly feature: string; readonly mode: WebSearchMode }[] = [
  { feature: 'web_search_cached', mode: 'cached' },
  { feature: 'web_search_request', mode: 'live' },
];

const legacyFlag = (mode: WebSearchMode) => (raw: unknown) => (raw === true ? mode : undefined);

/** How config.toml may still spell web_search: the flags, and `web_search`, the older name of `web_search_request`. */
export const LEGACY_KEYS: readonly LegacyKey<WebSearchMode>[] = [
  ...LEGACY_FLAGS.map(({ feature, mode }) => ({
    configKey: `features.${feature}`,
    read: legacyFlag(mode),
    replacement: `set web_search = "${mode}" instead`,
  })),
  { configKey: 'features.web_search', read: legacyFlag('live'), replacement: 'set web_search = "live" instead' },
];

/** Whether a requested web_search came from a legacy key (at the top level or in a profile) rather than `web_search` itself. */
export function fromLegacyKey(asked: Requested<WebSearchMode>): boolean {
  return LEGACY_KEYS.some(
    ({ configKey }) => asked.origin.key === configKey || asked.origin.key.endsWith(`.${configKey}`),
  );
}

/** A flag's effective value; undefined when the features provider is not loaded or its catalogue has no such flag. */
const flag = (dependency: DependencyReader, feature: string) => dependency(featureKey(feature));

/**
 * The mode the effective (already pinned) feature flags stand for: the first flag that is on, `null` when none is,
 * and undefined when no loaded provider has the flags.
 */
export function modeFromFeatures(
  dependency: DependencyReader,
): { mode: WebSearchMode; feature: string } | null | undefined {
  const flags = LEGACY_FLAGS.map((f) => ({ ...f, on: flag(dependency, f.feature) }));
  if (flags.every((f) => f.on === undefined)) return undefined;
  return flags.find((f) => f.on === true) ?? null;
}

/**
 * What the user asked web search to be, as Codex resolves it after applying feature pins: an explicit `web_search`
 * wins; otherwise the effective feature flags decide (`derived`), and a legacy key read from config.toml only stands,
 * with its origin, when the flags agree with it. Without the features provider the legacy keys stand as read.
 */
export function requestedMode(
  asked: Requested<WebSearchMode> | undefined,
  dependency: DependencyReader,
): {
  readonly asked?: Requested<WebSearchMode>;
  readonly derived?: { readonly mode: WebSearchMode; readonly feature: string };
} {
  if (asked && !fromLegacyKey(asked)) return { asked };
  const flags = modeFromFeatures(dependency);
  if (flags === undefined) return asked ? { asked } : {};
  if (flags === null) return {};
  return asked?.value === flags.mode ? { asked } : { derived: flags };
}
