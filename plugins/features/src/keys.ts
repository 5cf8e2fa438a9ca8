import { providerKey, settingKey, type Key } from '@ratchet/core';
import { field, type FeaturePins, type FeatureSettings } from './pins.js';

/** The features provider's key: `policy.requirementOf(FEATURES_PROVIDER)` holds the pins (`features.<key>`). */
export const FEATURES_PROVIDER = providerKey<FeaturePins, FeatureSettings>('features');

/** The effective value of one feature flag (`features.<key>`); undefined when the loaded catalogue has no such feature. */
export function featureKey(feature: string): Key<boolean> {
  return settingKey(FEATURES_PROVIDER, field(feature));
}
