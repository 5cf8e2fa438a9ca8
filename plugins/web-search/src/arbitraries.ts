import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import { WEB_SEARCH_MODES, type WebSearchMode } from './modes.js';
import type { WebSearchRequirement, WebSearchSettings } from './provider.js';

/** Generators for the web search provider's laws; the sandbox mode and the feature flags it depends on vary too. */
export const webSearchArbitraries: LawArbitraries<WebSearchRequirement, WebSearchSettings> = {
  requirement: fc.record(
    { allowed_web_search_modes: fc.shuffledSubarray<WebSearchMode>([...WEB_SEARCH_MODES]) },
    { requiredKeys: [] },
  ),
  requested: fc.record({ web_search: fc.constantFrom<WebSearchMode>(...WEB_SEARCH_MODES) }, { requiredKeys: [] }),
  dependencies: fc.record(
    {
      sandbox_mode: fc.constantFrom('read-only', 'workspace-write', 'danger-full-access'),
      'features.web_search_request': fc.boolean(),
      'features.web_search_cached': fc.boolean(),
    },
    { requiredKeys: ['sandbox_mode'] },
  ),
};
