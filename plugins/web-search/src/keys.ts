import { outputKey, providerKey, settingKey } from '@ratchet/core';
import type { WebSearchMode } from './modes.js';
import type { WebSearchRequirement, WebSearchSettings } from './provider.js';

/** The web search provider's key: `policy.requirementOf(WEB_SEARCH_PROVIDER)` is its combined requirement. */
export const WEB_SEARCH_PROVIDER = providerKey<WebSearchRequirement, WebSearchSettings>('web-search');
/** The effective `web_search`. */
export const WEB_SEARCH = settingKey(WEB_SEARCH_PROVIDER, 'web_search');
/** The mode a turn uses, given the effective sandbox mode. */
export const WEB_SEARCH_FOR_TURN = outputKey<WebSearchMode>(WEB_SEARCH_PROVIDER, 'web_search_for_turn');
