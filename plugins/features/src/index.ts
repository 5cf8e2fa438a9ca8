export { FeatureCatalogue, type CatalogueEntry, type FeatureMap } from './catalogue/catalogue.js';
export { codexFeatures } from './catalogue/codex.js';
export { defineFeatures, type FeatureContribution, type FeatureSpec, type FeatureStage } from './catalogue/spec.js';
export {
  resolveFeatures,
  unmetPrerequisites,
  withPrerequisites,
  type FeatureResolution,
  type Normalized,
} from './normalize.js';
export { UNPINNED, UNSATISFIABLE, type FeaturePins, type FeatureSettings, type Pin } from './pins.js';
export { featuresProvider, type FeaturesOptions, type FeaturesProvider } from './provider.js';
export { managedFeatures } from './managed.js';
export * from './keys.js';
