import { Constrained, ConstraintRefusedError, ProviderSetupError, type Policy, type Resolved } from '@ratchet/core';
import type { FeatureMap } from './catalogue/catalogue.js';
import { featureKey, FEATURES_PROVIDER } from './keys.js';
import { withPrerequisites } from './normalize.js';
import { brokenPinMessage, needing, pinValues } from './pins.js';
import { field } from './keys.js';
import { isFeaturesProvider } from './provider.js';

/**
 * The runtime handle for the whole feature set, starting at the effective features. `set` takes a full map
 * (missing keys take their defaults), applies every pin, normalizes dependencies, then refuses a set in which
 * a pin no longer holds or a key is unknown; a value a pin decides is normalized to the pin, as Codex does.
 */
export function managedFeatures(policy: Policy, resolved: Resolved): Constrained<FeatureMap> {
  const provider = policy.provider(FEATURES_PROVIDER);
  if (!isFeaturesProvider(provider))
    throw new ProviderSetupError('managedFeatures needs the features provider to be loaded');
  const { catalogue } = provider;
  const requirement = policy.requirementOf(FEATURES_PROVIDER);
  const origins = requirement.origins as Record<string, readonly { label: string }[] | undefined>;
  const pins = pinValues(requirement.value);
  const defaults = catalogue.defaults();
  const initial = Object.fromEntries(catalogue.keys.map((k) => [k, resolved.value(featureKey(k)) ?? defaults[k]!]));

  const normalize = (candidate: FeatureMap) => withPrerequisites(catalogue, { ...defaults, ...candidate, ...pins }).map;
  const check = (map: FeatureMap): ConstraintRefusedError | undefined => {
    const unknown = Object.keys(map).find((k) => !catalogue.get(k));
    if (unknown !== undefined) {
      return new ConstraintRefusedError(`no loaded feature is named "${unknown}"`, 'features', map, field(unknown), []);
    }
    const broken = catalogue.keys.find((k) => pins[k] !== undefined && map[k] !== pins[k]);
    if (broken === undefined) return undefined;
    const sources = (origins[field(broken)] ?? []).map((s) => s.label);
    return new ConstraintRefusedError(
      brokenPinMessage(
        catalogue,
        pins,
        broken,
        map[broken]!,
        sources.join(', ') || 'requirements',
        needing(catalogue, map, broken),
      ),
      'features',
      map,
      field(broken),
      sources,
    );
  };
  return new Constrained<FeatureMap>(initial, check, normalize);
}
