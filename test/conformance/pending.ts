import { parse } from 'smol-toml';
import type { Vector } from './vectors.js';

/**
 * Areas whose providers later issues build. A vector that needs one of them is pending: it is still run,
 * counted as passing if it passes, and reported with this reason if it does not.
 */
const areas = [
  { keys: ['experimental_network', 'permissions', 'apps'], effective: ['network', 'apps'], reason: 'needs the network, apps and filesystem providers (issue 7)' },
] as const;

function topLevelKeys(toml: string): string[] {
  try {
    return Object.keys(parse(toml));
  } catch {
    return [];
  }
}

/** Why a vector cannot pass yet, or undefined when it must pass now. */
export function pendingReason(vector: Vector): string | undefined {
  const keys = new Set((vector.requirements ?? []).flatMap(topLevelKeys));
  const effective = Object.keys(vector.expect.effective ?? {});
  for (const area of areas) {
    if (area.keys.some((k) => keys.has(k)) || area.effective.some((k) => effective.includes(k))) return area.reason;
  }
  return undefined;
}
