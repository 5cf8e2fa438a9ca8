import { providerKey, settingKey, type Key } from '@ratchet/core';
import type { FeaturePins, FeatureSettings } from './pins.js';

/** The features provider's key: `policy.requirementOf(FEATURES_PROVIDER)` holds the pins (`features.<key>`). */
export const FEATURES_PROVIDER = providerKey<FeaturePins, FeatureSettings>('features');

const PREFIX = 'features.';

/** A feature's setting and requirement field: `features.<key>`. */
export const field = (key: string) => `${PREFIX}${key}`;

/** The feature a `features.<key>` name stands for. */
export const featureOf = (name: string) => name.slice(PREFIX.length);

/** The effective value of one feature flag (`features.<key>`); undefined when the loaded catalogue has no such feature. */
export function featureKey(feature: string): Key<boolean> {
  return settingKey(FEATURES_PROVIDER, field(feature));
}
