export { webSearchProvider, type WebSearchRequirement, type WebSearchSettings } from './provider.js';
export { WEB_SEARCH_MODES, type WebSearchMode } from './modes.js';
export * from './keys.js';
