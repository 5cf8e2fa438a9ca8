import { describe, expect, it } from 'vitest';
import { effectiveObject } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { webSearchProvider } from './provider.js';

describe('web search in an engine without the sandbox and features providers', () => {
  it('resolves: the sandbox it runs after is optional, and an unknown sandbox is not full access', async () => {
    const policy = await loadPolicy([webSearchProvider()], 'allowed_web_search_modes = ["cached", "live"]\n');
    const resolved = policy.resolve(userConfig('web_search = "cached"\nsandbox_mode = "danger-full-access"\n'));
    expect(effectiveObject(resolved)).toEqual({ web_search: 'cached', web_search_for_turn: 'cached' });
  });

  it('reads the web search feature flags as written when no features provider is loaded', async () => {
    const policy = await loadPolicy([webSearchProvider()]);
    expect(effectiveObject(policy.resolve(userConfig('[features]\nweb_search = true\n'))).web_search).toBe('live');
    expect(
      effectiveObject(policy.resolve(userConfig('[features]\nweb_search_cached = true\nweb_search_request = true\n')))
        .web_search,
    ).toBe('cached');
  });
});
