import { describe, expect, it } from 'vitest';
import { createEngine, effectiveObject, loadUserConfig, requirementsTextSource, type Provider } from '@ratchet/core';
import { webSearchProvider } from './provider.js';

describe('web search in an engine without the sandbox provider', () => {
  it('resolves: the sandbox it runs after is optional, and an unknown sandbox is not full access', async () => {
    const engine = createEngine({
      providers: [webSearchProvider() as Provider],
      sources: [requirementsTextSource('allowed_web_search_modes = ["cached", "live"]\n', 'req.toml')],
    });
    const policy = await engine.load();
    const resolved = policy.resolve(loadUserConfig({ file: { text: 'web_search = "cached"\nsandbox_mode = "danger-full-access"\n', name: 'config.toml' } }));
    expect(effectiveObject(resolved)).toEqual({ web_search: 'cached', web_search_for_turn: 'cached' });
  });
});
