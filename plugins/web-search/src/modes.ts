/** Every web search mode as spelled in config.toml and requirements.toml. */
export const WEB_SEARCH_MODES = ['disabled', 'cached', 'indexed', 'live'] as const;

/** A web search mode as spelled in config.toml and requirements.toml. */
export type WebSearchMode = (typeof WEB_SEARCH_MODES)[number];

/** Fallback preference when the requested mode is disallowed. */
export const FALLBACK_ORDER: readonly WebSearchMode[] = ['cached', 'indexed', 'live', 'disabled'];

/** Preference for a turn under `danger-full-access` when search is not disabled. */
export const FULL_ACCESS_ORDER: readonly WebSearchMode[] = ['live', 'cached', 'disabled'];

/** Preference for a turn otherwise, when the preferred mode is not allowed. */
export const TURN_ORDER: readonly WebSearchMode[] = ['cached', 'live', 'disabled'];

/** Whether a list allows a mode; `disabled` is always allowed. */
export function modeAllowed(list: readonly WebSearchMode[] | undefined, mode: WebSearchMode): boolean {
  return list === undefined || mode === 'disabled' || list.includes(mode);
}

/** The first mode of `order` the list allows (`disabled` at worst). */
export function firstAllowed(
  list: readonly WebSearchMode[] | undefined,
  order: readonly WebSearchMode[],
): WebSearchMode {
  return order.find((mode) => modeAllowed(list, mode)) ?? 'disabled';
}
