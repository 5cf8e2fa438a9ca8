export { residencyProvider, type ResidencyRequirement, type ResidencySettings } from './provider.js';
export { RESIDENCIES, type Residency } from './regions.js';
export * from './keys.js';
