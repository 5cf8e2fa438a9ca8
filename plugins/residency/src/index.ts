export {
  RESIDENCIES,
  residencyProvider,
  type Residency,
  type ResidencyRequirement,
  type ResidencySettings,
} from './provider.js';
