import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { webSearchProvider, type WebSearchRequirement } from './provider.js';
import type { WebSearchMode } from './modes.js';

const provider = webSearchProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', ...expected });

describe('web search parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<WebSearchRequirement> }[] = [
    { name: 'an empty slice constrains nothing', input: {}, expected: {} },
    {
      name: 'disabled is added',
      input: { allowed_web_search_modes: ['cached'] },
      expected: { allowed_web_search_modes: ['cached', 'disabled'] },
    },
    {
      name: 'an empty list means disabled only',
      input: { allowed_web_search_modes: [] },
      expected: { allowed_web_search_modes: ['disabled'] },
    },
    {
      name: 'disabled already listed is not repeated',
      input: { allowed_web_search_modes: ['disabled', 'live'] },
      expected: { allowed_web_search_modes: ['disabled', 'live'] },
    },
    {
      name: 'indexed is a known mode',
      input: { allowed_web_search_modes: ['indexed'] },
      expected: { allowed_web_search_modes: ['indexed', 'disabled'] },
    },
    {
      name: 'order is kept',
      input: { allowed_web_search_modes: ['live', 'cached', 'indexed'] },
      expected: { allowed_web_search_modes: ['live', 'cached', 'indexed', 'disabled'] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  it('normalization is idempotent: parse(print(parse(x))) equals parse(x)', () => {
    for (const { input } of cases) {
      const once = parse(input).requirement;
      expect(parse(provider.print(once)).requirement).toStrictEqual(once);
    }
  });
});

describe('web search parse: invalid slices', () => {
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    {
      name: 'a string where a list belongs',
      input: { allowed_web_search_modes: 'cached' },
      expected: [{ kind: 'invalid-type', key: 'allowed_web_search_modes', severity: 'error', message: 'invalid type' }],
    },
    {
      name: 'cachd suggests cached',
      input: { allowed_web_search_modes: ['live', 'cachd'] },
      expected: [
        {
          kind: 'unknown-value',
          key: 'allowed_web_search_modes[1]',
          severity: 'error',
          message: '"cachd"',
          suggestion: 'did you mean "cached"?',
        },
      ],
    },
    {
      name: 'an unrelated word lists the accepted ones',
      input: { allowed_web_search_modes: ['everything'] },
      expected: [
        {
          kind: 'unknown-value',
          key: 'allowed_web_search_modes[0]',
          severity: 'error',
          suggestion: 'use one of disabled, cached, indexed, live',
        },
      ],
    },
    {
      name: 'a boolean entry is an invalid type',
      input: { allowed_web_search_modes: [true] },
      expected: [
        { kind: 'invalid-type', key: 'allowed_web_search_modes[0]', severity: 'error', message: 'found boolean' },
      ],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual({});
    expect(diagnostics).toEqual(expected.map(like));
  });
});

describe('web search validate', () => {
  const cases: { name: string; input: Partial<WebSearchRequirement> }[] = [
    { name: 'unset', input: {} },
    { name: 'an empty list is fine (it means disabled only)', input: { allowed_web_search_modes: [] } },
    { name: 'disabled only', input: { allowed_web_search_modes: ['disabled'] } },
    { name: 'a list without disabled', input: { allowed_web_search_modes: ['live'] } },
  ];

  it.each(cases)('$name', ({ input }) => {
    const report = new DiagnosticBag('req.toml');
    provider.validate({ value: input, origins: {} }, report.report);
    expect(report.items).toEqual([]);
  });
});

describe('web search user setting', () => {
  const setting = provider.settings.web_search;
  const legacy = (configKey: string) => setting.legacyKeys!.find((k) => k.configKey === configKey)!;
  const cases: { name: string; input: { configKey: string; raw: unknown }; expected: WebSearchMode | undefined }[] = [
    {
      name: 'features.web_search_cached = true reads as cached',
      input: { configKey: 'features.web_search_cached', raw: true },
      expected: 'cached',
    },
    {
      name: 'features.web_search_request = true reads as live',
      input: { configKey: 'features.web_search_request', raw: true },
      expected: 'live',
    },
    {
      name: 'a false legacy flag is skipped',
      input: { configKey: 'features.web_search_request', raw: false },
      expected: undefined,
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(legacy(input.configKey).read(input.raw, input.configKey, new DiagnosticBag('config.toml').report)).toBe(
      expected,
    );
  });

  it('web_search itself takes the four spellings and rejects others', () => {
    const report = new DiagnosticBag('config.toml');
    expect(setting.parse('indexed', 'web_search', report.report)).toBe('indexed');
    expect(setting.parse('on', 'web_search', report.report)).toBeUndefined();
    expect(report.items).toEqual([
      expect.objectContaining({ kind: 'unknown-value', key: 'web_search', severity: 'error' }),
    ]);
  });
});
