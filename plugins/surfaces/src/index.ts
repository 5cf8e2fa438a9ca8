export { surfacesProvider, type SurfacesOptions, type SurfacesSettings } from './provider.js';
export {
  AUTH_STORES,
  EXACT_KEYS,
  isConflict,
  type AuthStore,
  type Conflict,
  type ExactKey,
  type Pin,
} from './exact.js';
export { REQUIREMENT_KEYS, type SurfacesRequirement } from './requirement.js';
export {
  MARKETPLACE_SOURCES,
  REASONING_EFFORTS,
  type AllowedSource,
  type MarketplacesTable,
  type ModelsTable,
} from './tables.js';
export * from './keys.js';
