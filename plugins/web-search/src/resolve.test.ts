import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Diagnostic } from '@ratchet/core';
import { resolveWith } from '@ratchet/testkit';
import { WEB_SEARCH_MODES, type WebSearchMode } from './modes.js';
import { webSearchProvider, type WebSearchRequirement, type WebSearchSettings } from './provider.js';

const provider = webSearchProvider();
type Req = Partial<WebSearchRequirement>;
type Sandbox = 'read-only' | 'workspace-write' | 'danger-full-access' | undefined;

function resolve(requirement: Req, asked?: WebSearchMode, sandbox: Sandbox = 'read-only') {
  const { values, diagnostics } = resolveWith(provider, requirement, { web_search: asked }, { sandbox_mode: sandbox });
  const turn = values.web_search_for_turn as { value: WebSearchMode; rule: string };
  return { web_search: values.web_search.value, web_search_for_turn: turn.value, turnRule: turn.rule, diagnostics };
}

/** Lists as parse leaves them: `disabled` always present. */
const list = (...modes: WebSearchMode[]): Req => ({ allowed_web_search_modes: [...modes, 'disabled'] });
type Diag = Pick<Diagnostic, 'kind' | 'severity' | 'key'>;
const warned: Diag = { kind: 'disallowed-value', severity: 'warning', key: 'web_search' };
// Codex warns when even the implicit default is not allowed (its web search check runs after defaults).
const replaced: Diag = { kind: 'replaced-default', severity: 'warning', key: 'web_search' };

interface Case {
  name: string;
  input: { requirement: Req; requested?: WebSearchMode; sandbox?: Sandbox };
  expected: { web_search: WebSearchMode; web_search_for_turn: WebSearchMode; diagnostics: Diag[] };
}

describe('web search resolve: effective web_search', () => {
  const cases: Case[] = [
    {
      name: 'no requirement: default cached',
      input: { requirement: {} },
      expected: { web_search: 'cached', web_search_for_turn: 'cached', diagnostics: [] },
    },
    {
      name: 'allowed explicit mode is kept',
      input: { requirement: list('live'), requested: 'live' },
      expected: { web_search: 'live', web_search_for_turn: 'live', diagnostics: [] },
    },
    {
      name: 'allowed default is kept',
      input: { requirement: list('live', 'cached') },
      expected: { web_search: 'cached', web_search_for_turn: 'cached', diagnostics: [] },
    },
    {
      name: 'explicit disallowed live falls back to cached with a warning',
      input: { requirement: list('cached'), requested: 'live' },
      expected: { web_search: 'cached', web_search_for_turn: 'cached', diagnostics: [warned] },
    },
    {
      name: 'fallback prefers cached over an earlier-listed indexed',
      input: { requirement: list('indexed', 'cached'), requested: 'live' },
      expected: { web_search: 'cached', web_search_for_turn: 'cached', diagnostics: [warned] },
    },
    {
      name: 'fallback prefers indexed over live',
      input: { requirement: list('live', 'indexed'), requested: 'cached' },
      expected: { web_search: 'indexed', web_search_for_turn: 'indexed', diagnostics: [warned] },
    },
    {
      name: 'disallowed default falls back to live with a warning',
      input: { requirement: list('live') },
      expected: { web_search: 'live', web_search_for_turn: 'live', diagnostics: [replaced] },
    },
    {
      name: 'an empty list falls back to disabled',
      input: { requirement: list() },
      expected: { web_search: 'disabled', web_search_for_turn: 'disabled', diagnostics: [replaced] },
    },
    {
      name: 'explicit disabled is always allowed',
      input: { requirement: list(), requested: 'disabled' },
      expected: { web_search: 'disabled', web_search_for_turn: 'disabled', diagnostics: [] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { turnRule: _, diagnostics, ...values } = resolve(input.requirement, input.requested, input.sandbox);
    expect(values).toEqual({ web_search: expected.web_search, web_search_for_turn: expected.web_search_for_turn });
    expect(diagnostics.map(({ kind, severity, key }) => ({ kind, severity, key }))).toEqual(expected.diagnostics);
  });

  it('the warning names web_search, the fallback and where the list was set', () => {
    const [warning] = resolve(list('cached'), 'live').diagnostics;
    expect(warning).toMatchObject({ source: 'config.toml', provider: 'web-search' });
    expect(warning!.message).toContain(
      'Configured value for `web_search` is disallowed by requirements; falling back to required value "cached"',
    );
    expect(warning!.message).toContain('["cached", "disabled"] (set by req.toml)');
  });
});

describe('web search resolve: web_search_for_turn', () => {
  const full = 'danger-full-access';
  const cases: Case[] = [
    {
      name: 'full access, no requirement: cached becomes live',
      input: { requirement: {}, requested: 'cached', sandbox: full },
      expected: { web_search: 'cached', web_search_for_turn: 'live', diagnostics: [] },
    },
    {
      name: 'full access, default cached becomes live when live is allowed',
      input: { requirement: list('cached', 'live'), sandbox: full },
      expected: { web_search: 'cached', web_search_for_turn: 'live', diagnostics: [] },
    },
    {
      name: 'full access, ["cached"] keeps live out',
      input: { requirement: list('cached'), requested: 'cached', sandbox: full },
      expected: { web_search: 'cached', web_search_for_turn: 'cached', diagnostics: [] },
    },
    {
      name: 'full access, explicit disabled stays disabled',
      input: { requirement: {}, requested: 'disabled', sandbox: full },
      expected: { web_search: 'disabled', web_search_for_turn: 'disabled', diagnostics: [] },
    },
    {
      name: 'full access, disabled only',
      input: { requirement: list(), sandbox: full },
      expected: { web_search: 'disabled', web_search_for_turn: 'disabled', diagnostics: [replaced] },
    },
    {
      name: 'full access, indexed only: not in live > cached > disabled, so disabled',
      input: { requirement: list('indexed'), requested: 'indexed', sandbox: full },
      expected: { web_search: 'indexed', web_search_for_turn: 'disabled', diagnostics: [] },
    },
    {
      name: 'workspace-write keeps the preferred mode',
      input: { requirement: {}, requested: 'cached', sandbox: 'workspace-write' },
      expected: { web_search: 'cached', web_search_for_turn: 'cached', diagnostics: [] },
    },
    {
      name: 'read-only keeps an allowed live',
      input: { requirement: list('live', 'cached'), requested: 'live', sandbox: 'read-only' },
      expected: { web_search: 'live', web_search_for_turn: 'live', diagnostics: [] },
    },
    {
      name: 'read-only keeps indexed',
      input: { requirement: list('indexed'), requested: 'indexed', sandbox: 'read-only' },
      expected: { web_search: 'indexed', web_search_for_turn: 'indexed', diagnostics: [] },
    },
    {
      name: 'unknown sandbox (no dependency value) keeps the preferred mode',
      input: { requirement: {}, requested: 'cached', sandbox: undefined },
      expected: { web_search: 'cached', web_search_for_turn: 'cached', diagnostics: [] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { turnRule: _, diagnostics, ...values } = resolve(input.requirement, input.requested, input.sandbox);
    expect(values).toEqual({ web_search: expected.web_search, web_search_for_turn: expected.web_search_for_turn });
    expect(diagnostics.map(({ kind, severity, key }) => ({ kind, severity, key }))).toEqual(expected.diagnostics);
  });

  it('the turn decision says which rule chose it', () => {
    expect(resolve({}, 'cached', full).turnRule).toBe('danger-full-access: first allowed of live, cached, disabled');
    expect(resolve({}, 'cached', 'read-only').turnRule).toBe('the effective web_search');
  });
});

describe('web search tighten and allows', () => {
  const tightenCases: { name: string; input: [Req, Req]; expected: Req }[] = [
    { name: 'unset on both sides', input: [{}, {}], expected: {} },
    { name: 'unset side takes the other', input: [{}, list('live')], expected: list('live') },
    {
      name: 'intersection in the first order',
      input: [list('live', 'cached'), list('cached', 'indexed', 'live')],
      expected: list('live', 'cached'),
    },
    { name: 'disabled survives any meet', input: [list('live'), list('cached')], expected: list() },
    {
      name: 'raw lists without disabled still keep disabled from the first side',
      input: [{ allowed_web_search_modes: ['disabled', 'live'] }, { allowed_web_search_modes: ['cached'] }],
      expected: { allowed_web_search_modes: ['disabled'] },
    },
  ];

  it.each(tightenCases)('tighten: $name', ({ input: [a, b], expected }) => {
    expect(provider.tighten(a, b)).toStrictEqual(expected);
  });

  const allowsCases: { name: string; requirement: Req; value: Partial<WebSearchSettings>; expected: boolean }[] = [
    { name: 'no requirement', requirement: {}, value: { web_search: 'live' }, expected: true },
    { name: 'unset value', requirement: list(), value: {}, expected: true },
    { name: 'listed mode', requirement: list('cached'), value: { web_search: 'cached' }, expected: true },
    { name: 'unlisted mode', requirement: list('cached'), value: { web_search: 'live' }, expected: false },
    {
      name: 'disabled is allowed by an empty raw list',
      requirement: { allowed_web_search_modes: [] },
      value: { web_search: 'disabled' },
      expected: true,
    },
    {
      name: 'nothing else is',
      requirement: { allowed_web_search_modes: [] },
      value: { web_search: 'cached' },
      expected: false,
    },
  ];

  it.each(allowsCases)('allows: $name', ({ requirement, value, expected }) => {
    expect(provider.allows(requirement, value)).toBe(expected);
  });
});

describe('web search properties', () => {
  it('web_search and web_search_for_turn are always allowed by the list (seed 4242)', () => {
    const prop = fc.property(
      fc.option(fc.shuffledSubarray<WebSearchMode>([...WEB_SEARCH_MODES]), { nil: undefined }),
      fc.option(fc.constantFrom<WebSearchMode>(...WEB_SEARCH_MODES), { nil: undefined }),
      fc.constantFrom<Sandbox>('read-only', 'workspace-write', 'danger-full-access', undefined),
      (modes, asked, sandbox) => {
        const requirement: Req = modes === undefined ? {} : { allowed_web_search_modes: modes };
        const out = resolve(requirement, asked, sandbox);
        expect(provider.allows(requirement, { web_search: out.web_search })).toBe(true);
        expect(provider.allows(requirement, { web_search: out.web_search_for_turn })).toBe(true);
        // Outside full access the turn uses the effective value itself.
        if (sandbox !== 'danger-full-access') expect(out.web_search_for_turn).toBe(out.web_search);
        // A user who chose disabled never gets a search, whatever the sandbox.
        if (asked === 'disabled') expect(out.web_search_for_turn).toBe('disabled');
      },
    );
    fc.assert(prop, { seed: 4242, numRuns: 500 });
  });
});
