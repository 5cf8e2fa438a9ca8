import type { FeatureCatalogue, FeatureMap } from './catalogue/catalogue.js';

/** What dependency normalization did: the result, and each feature it switched on with the feature that needed it. */
export interface Normalized {
  readonly map: FeatureMap;
  readonly turnedOn: ReadonlyMap<string, string>;
}

/** Turns on, in `out`, every prerequisite of a feature `out` enables, noting each in `turnedOn`. */
function enablePrerequisites(catalogue: FeatureCatalogue, out: Record<string, boolean>, turnedOn: Map<string, string>) {
  for (const key of catalogue.dependents) {
    if (out[key] !== true) continue;
    for (const needed of catalogue.prerequisites(key)) {
      if (out[needed] === true) continue;
      out[needed] = true;
      turnedOn.set(needed, key);
    }
  }
}

/** `map` with every prerequisite of an enabled feature enabled too; it only ever turns features on, so it is idempotent. */
export function withPrerequisites(catalogue: FeatureCatalogue, map: FeatureMap): Normalized {
  const out: Record<string, boolean> = { ...map };
  const turnedOn = new Map<string, string>();
  enablePrerequisites(catalogue, out, turnedOn);
  return { map: out, turnedOn };
}

/** Pairs `[feature, prerequisite]` where an enabled feature needs a prerequisite `map` sets to false. */
export function unmetPrerequisites(catalogue: FeatureCatalogue, map: FeatureMap): [string, string][] {
  const unmet: [string, string][] = [];
  for (const key of catalogue.dependents) {
    if (map[key] !== true) continue;
    for (const needed of catalogue.prerequisites(key)) if (map[needed] === false) unmet.push([key, needed]);
  }
  return unmet;
}

/** The outcome of resolving a feature set under pins. */
export interface FeatureResolution {
  readonly map: FeatureMap;
  /** Features normalization switched on, with the feature that needed each. */
  readonly turnedOn: ReadonlyMap<string, string>;
  /** Pinned features whose value normalization changed: the pins cannot all hold. */
  readonly broken: readonly string[];
}

/**
 * Codex's order: defaults, then the user's values, normalized (so a prerequisite the user's choices need stays
 * on); then every pin, normalized again; then every pin must still hold.
 */
export function resolveFeatures(
  catalogue: FeatureCatalogue,
  requested: FeatureMap,
  pins: FeatureMap,
): FeatureResolution {
  // One map, changed in place at each step: the catalogue has a couple of hundred features and few prerequisites.
  const map: Record<string, boolean> = { ...catalogue.defaults() };
  for (const key in requested) map[key] = requested[key]!;
  const turnedOn = new Map<string, string>();
  enablePrerequisites(catalogue, map, turnedOn);
  for (const key in pins) map[key] = pins[key]!;
  enablePrerequisites(catalogue, map, turnedOn);
  const broken: string[] = [];
  for (const key in pins) if (map[key] !== pins[key]) broken.push(key);
  return { map, turnedOn, broken: broken.length === 0 ? broken : catalogue.keys.filter((k) => broken.includes(k)) };
}
