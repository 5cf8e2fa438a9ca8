/** Every Windows sandbox implementation as spelled in config.toml (`[windows] sandbox`) and requirements.toml. */
export const WINDOWS_SANDBOXES = ['elevated', 'unelevated'] as const;

/** A Windows sandbox implementation. */
export type WindowsSandbox = (typeof WINDOWS_SANDBOXES)[number];

/** How the fallback is chosen, for messages and `explain`. */
export const FALLBACK_RULE = 'elevated if allowed, else unelevated';

/** The implementation used when the requested one is disallowed or none is set: `elevated` if allowed, else `unelevated`. */
export function fallbackOf(allowed: readonly WindowsSandbox[]): WindowsSandbox {
  return allowed.includes('elevated') ? 'elevated' : 'unelevated';
}
