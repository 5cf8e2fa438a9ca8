import type { FeatureCatalogue, FeatureMap } from './catalogue/catalogue.js';

/** What dependency normalization did: the result, and each feature it switched on with the feature that needed it. */
export interface Normalized {
  readonly map: FeatureMap;
  readonly turnedOn: ReadonlyMap<string, string>;
}

/** `map` with every prerequisite of an enabled feature enabled too; it only ever turns features on, so it is idempotent. */
export function withPrerequisites(catalogue: FeatureCatalogue, map: FeatureMap): Normalized {
  const out: Record<string, boolean> = { ...map };
  const turnedOn = new Map<string, string>();
  for (const key of catalogue.dependents) {
    if (map[key] !== true) continue;
    for (const needed of catalogue.prerequisites(key)) {
      if (out[needed] === true) continue;
      out[needed] = true;
      turnedOn.set(needed, key);
    }
  }
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
  const user = withPrerequisites(catalogue, { ...catalogue.defaults(), ...requested });
  const pinned = withPrerequisites(catalogue, { ...user.map, ...pins });
  const broken = catalogue.keys.filter((k) => pins[k] !== undefined && pinned.map[k] !== pins[k]);
  return { map: pinned.map, turnedOn: new Map([...user.turnedOn, ...pinned.turnedOn]), broken };
}
