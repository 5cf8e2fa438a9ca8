import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createProvider, effectiveObject, type Resolved, providerKey } from '@ratchet/core';
import { defineFeatures, featuresProvider } from '@ratchet/plugin-features';
import { lawSeed, loadPolicy, resolveWith, userConfig } from '@ratchet/testkit';
import { WEB_SEARCH_MODES, type WebSearchMode } from './modes.js';
import { webSearchProvider } from './provider.js';

const providers = [webSearchProvider(), featuresProvider()];

/** Resolves `config` (config.toml, optionally with a profile) under `requirements` (req.toml) with web search and features. */
async function resolve(requirements: string, config: string, options: { profile?: string } = {}): Promise<Resolved> {
  return (await loadPolicy(providers, requirements)).resolve(userConfig(config, options));
}

const webSearch = (resolved: Resolved) => effectiveObject(resolved).web_search;

describe('an older key two providers read', () => {
  it('is warned about once', async () => {
    const resolved = await resolve('', '[features]\nweb_search = true\n');
    expect(resolved.diagnostics.filter((d) => d.kind === 'deprecated-key').map((d) => d.key)).toEqual([
      'features.web_search',
    ]);
  });
});

describe('web search reads the feature flags after requirement pins', () => {
  const cases: { name: string; requirements: string; config: string; profile?: string; expected: WebSearchMode }[] = [
    {
      name: 'web_search_request = true reads as live',
      requirements: '',
      config: '[features]\nweb_search_request = true\n',
      expected: 'live',
    },
    {
      name: 'its older name web_search = true reads as live too',
      requirements: '',
      config: '[features]\nweb_search = true\n',
      expected: 'live',
    },
    {
      name: 'web_search_cached = true reads as cached',
      requirements: '',
      config: '[features]\nweb_search_cached = true\n',
      expected: 'cached',
    },
    {
      name: 'cached wins when both flags are on',
      requirements: '',
      config: '[features]\nweb_search_cached = true\nweb_search_request = true\n',
      expected: 'cached',
    },
    {
      name: 'a pin turning web_search_request off beats the user flag',
      requirements: '[features]\nweb_search_request = false\n',
      config: '[features]\nweb_search_request = true\n',
      expected: 'cached',
    },
    {
      name: 'a pin turning web_search_request off beats the older name too',
      requirements: '[features]\nweb_search_request = false\n',
      config: '[features]\nweb_search = true\n',
      expected: 'cached',
    },
    {
      name: 'a pin turning web_search_request on means live with no user setting',
      requirements: '[features]\nweb_search_request = true\n',
      config: '',
      expected: 'live',
    },
    {
      name: 'a pin turning web_search_cached on beats a live request',
      requirements: '[features]\nweb_search_cached = true\n',
      config: '[features]\nweb_search_request = true\n',
      expected: 'cached',
    },
    {
      name: 'an explicit web_search beats a pinned flag',
      requirements: '[features]\nweb_search_request = true\n',
      config: 'web_search = "disabled"\n',
      expected: 'disabled',
    },
    {
      name: 'an explicit web_search beats the flags the user set',
      requirements: '',
      config: 'web_search = "cached"\n[features]\nweb_search = true\nweb_search_request = true\n',
      expected: 'cached',
    },
    {
      name: 'the profile spelling of the flag decides, as features read it',
      requirements: '',
      config: '[features]\nweb_search_request = false\n[profiles.p.features]\nweb_search = true\n',
      profile: 'p',
      expected: 'live',
    },
  ];

  it.each(cases)('$name', async ({ requirements, config, expected, profile }) => {
    expect(webSearch(await resolve(requirements, config, profile === undefined ? {} : { profile }))).toBe(expected);
  });

  it('a flag-derived mode that requirements forbid falls back and warns', async () => {
    const resolved = await resolve(
      'allowed_web_search_modes = ["cached"]\n[features]\nweb_search_request = true\n',
      '',
    );
    expect(effectiveObject(resolved)).toMatchObject({ web_search: 'cached', web_search_for_turn: 'cached' });
    expect(resolved.diagnostics).toEqual([
      expect.objectContaining({ kind: 'replaced-default', severity: 'warning', key: 'web_search' }),
    ]);
  });

  it('a user flag that requirements forbid is warned about as the configured value it is', async () => {
    const resolved = await resolve('allowed_web_search_modes = ["cached"]\n', '[features]\nweb_search = true\n');
    expect(webSearch(resolved)).toBe('cached');
    expect(resolved.diagnostics.filter((d) => d.kind === 'disallowed-value')).toEqual([
      expect.objectContaining({
        key: 'web_search',
        source: 'config.toml',
        message: expect.stringContaining('(features.web_search)'),
      }),
    ]);
  });

  it('provenance: the user flag is the request; a pinned flag is named by the rule', async () => {
    const asked = (await resolve('', '[features]\nweb_search = true\n')).entries.get('web_search')!;
    expect(asked).toMatchObject({
      rule: 'requested value',
      requested: { value: 'live', origin: { key: 'features.web_search' } },
    });
    const pinned = (await resolve('[features]\nweb_search_request = true\n', '')).entries.get('web_search')!;
    expect(pinned.rule).toBe('features.web_search_request is on');
    expect(pinned.requested).toBeUndefined();
  });

  it('warns that the web search flags are deprecated, suggesting web_search', async () => {
    const resolved = await resolve('', '[features]\nweb_search = true\n');
    expect(resolved.diagnostics).toContainEqual(
      expect.objectContaining({
        kind: 'deprecated-key',
        key: 'features.web_search',
        suggestion: expect.stringContaining('set web_search = "live" instead'),
      }),
    );
  });
});

describe('web search beside a features catalogue without the web search flags', () => {
  /** A stand-in for the sandbox provider, so that every provider web search runs after is loaded. */
  const sandbox = createProvider({
    key: providerKey<object, { sandbox_mode: string }>('sandbox'),
    docs: { summary: 'test sandbox', description: 'test sandbox' },
    requirementKeys: [],
    fields: {},
    settings: {
      sandbox_mode: {
        configKey: 'sandbox_mode',
        docs: 'mode',
        constrainedBy: [],
        parse: (raw) => (typeof raw === 'string' ? raw : undefined),
      },
    },
    schema: {},
    parse: () => ({}),
    tighten: () => ({}),
    allows: () => true,
    resolve: ({ requested }) => ({
      values: { sandbox_mode: { value: requested.sandbox_mode?.value ?? 'read-only', rule: 'test' } },
    }),
    print: () => ({}),
  });

  it('reads the flags as written, as without a features provider', async () => {
    const acme = featuresProvider({
      contributions: [defineFeatures('acme', [{ key: 'acme_base', default: false, stage: 'stable' }])],
    });
    const policy = await loadPolicy([webSearchProvider(), acme, sandbox]);
    expect(webSearch(policy.resolve(userConfig('[features]\nweb_search_request = true\n')))).toBe('live');
  });
});

describe(`web search against the effective flags (fast-check seed ${lawSeed()})`, () => {
  const mode = fc.constantFrom<WebSearchMode>(...WEB_SEARCH_MODES);
  const flags = fc.record({ 'features.web_search_request': fc.boolean(), 'features.web_search_cached': fc.boolean() });

  it('an explicit web_search is used whatever the flags; otherwise the flags alone decide', () => {
    fc.assert(
      fc.property(fc.option(mode, { nil: undefined }), flags, (asked, deps) => {
        const { effective } = resolveWith(webSearchProvider(), {}, { web_search: asked }, deps);
        const fromFlags = deps['features.web_search_cached']
          ? 'cached'
          : deps['features.web_search_request']
            ? 'live'
            : 'cached';
        return effective.web_search === (asked ?? fromFlags);
      }),
      { seed: lawSeed(), numRuns: 200 },
    );
  });
});
