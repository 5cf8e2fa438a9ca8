import { describe, expect, it } from 'vitest';
import { normalizeHost } from './host.js';
import { normalizePattern, parsePattern, patternCovers, patternMatches, type DomainPattern } from './patterns.js';

const pattern = (text: string): DomainPattern => {
  const r = parsePattern(text);
  if (!r.ok) throw new Error(`${text}: ${r.reason}`);
  return r.pattern;
};
const matches = (p: string, host: string) => {
  const h = normalizeHost(host);
  if (!h.ok) throw new Error(h.reason);
  return patternMatches(pattern(p), h.value);
};

describe('patterns: normalization', () => {
  const cases: [string, string][] = [
    ['Example.COM.', 'example.com'],
    ['*.Example.COM.', '*.example.com'],
    ['**.Example.COM.', '**.example.com'],
    [' * ', '*'],
    ['[::1]', '::1'],
    ['*.Bücher.example', '*.xn--bcher-kva.example'],
    ['0x7f.1', '127.0.0.1'],
    ['Region*.V2.ArgoTunnel.com', 'region*.v2.argotunnel.com'],
    ['example.com:443', 'example.com'],
  ];
  it.each(cases)('%s normalizes to %s', (raw, expected) => expect(normalizePattern(raw)).toBe(expected));

  it('rejects what is no pattern', () => {
    for (const raw of [
      '',
      '*.',
      '**.',
      'a b.com',
      'evil.com@good.com',
      '*.127.0.0.1',
      '**.::1',
      '*.bü*.example',
      'x.com/path',
    ]) {
      expect(parsePattern(raw).ok, raw).toBe(false);
    }
  });
});

describe('patterns: matching (network-domains.md)', () => {
  const cases: { pattern: string; yes: string[]; no: string[] }[] = [
    {
      pattern: 'example.com',
      yes: ['example.com', 'EXAMPLE.com.', 'example.com:8443'],
      no: ['api.example.com', 'example.org', 'badexample.com'],
    },
    {
      pattern: '*.example.com',
      yes: ['api.example.com', 'a.b.example.com'],
      no: ['example.com', 'badexample.com', 'example.com.evil.org'],
    },
    {
      pattern: '**.example.com',
      yes: ['example.com', 'api.example.com', 'a.b.example.com'],
      no: ['badexample.com', 'example.co'],
    },
    { pattern: '*', yes: ['example.com', '127.0.0.1', '::1', 'localhost'], no: [] },
    {
      pattern: 'region*.v2.argotunnel.com',
      yes: ['region1.v2.argotunnel.com', 'region.v2.argotunnel.com', 'REGION42.v2.argotunnel.com.'],
      no: ['xregion1.v2.argotunnel.com', 'foo.region1.v2.argotunnel.com', 'region1.x.v2.argotunnel.com'],
    },
    {
      pattern: '*.region*.example.com',
      yes: ['a.region1.example.com', 'a.b.region.example.com'],
      no: ['region1.example.com', 'a.xregion.example.com'],
    },
    {
      pattern: '127.0.0.1',
      yes: ['127.0.0.1', '2130706433', '0x7f.0.0.1', '0177.0.0.01'],
      no: ['127.0.0.2', '::ffff:127.0.0.1'],
    },
    { pattern: '::ffff:127.0.0.1', yes: ['[::ffff:7f00:1]', '0:0:0:0:0:ffff:127.0.0.1'], no: ['127.0.0.1'] },
    { pattern: 'xn--bcher-kva.example', yes: ['bücher.example', 'BÜCHER.example.'], no: ['bucher.example'] },
    { pattern: '*.example.com', yes: [], no: ['127.0.0.1', '::1'] },
  ];
  for (const { pattern: p, yes, no } of cases) {
    it(`${p} matches ${yes.join(', ') || 'nothing listed'}`, () => {
      for (const host of yes) expect(matches(p, host), host).toBe(true);
      for (const host of no) expect(matches(p, host), host).toBe(false);
    });
  }
});

describe('patterns: coverage (is one pattern within another)', () => {
  const cases: [string, string, boolean][] = [
    ['*', '*.example.com', true],
    ['*.example.com', '*', false],
    ['example.com', 'example.com', true],
    ['example.com', 'api.example.com', false],
    ['*.example.com', 'api.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', '*.example.com', true],
    ['*.example.com', '*.api.example.com', true],
    ['*.example.com', '**.example.com', false],
    ['*.example.com', '**.api.example.com', true],
    ['**.example.com', 'example.com', true],
    ['**.example.com', '**.example.com', true],
    ['**.example.com', '*.api.example.com', true],
    ['**.example.com', 'example.org', false],
    ['**.example.com', '127.0.0.1', false],
    ['region*.example.com', 'region1.example.com', true],
    ['region*.example.com', 'region*.example.com', true],
    ['region*.example.com', '*.example.com', false],
    ['*.example.com', 'region*.example.com', true],
  ];
  it.each(cases)('%s covers %s: %s', (outer, inner, expected) =>
    expect(patternCovers(pattern(outer), pattern(inner))).toBe(expected),
  );

  it('coverage is sound: a covered pattern never matches a host the covering one misses', () => {
    const hosts = [
      'example.com',
      'api.example.com',
      'a.api.example.com',
      'region1.example.com',
      'x.region1.example.com',
      'example.org',
      '127.0.0.1',
    ];
    const patterns = [
      '*',
      'example.com',
      '*.example.com',
      '**.example.com',
      'api.example.com',
      '*.api.example.com',
      '**.api.example.com',
      'region*.example.com',
    ];
    for (const outer of patterns)
      for (const inner of patterns) {
        if (!patternCovers(pattern(outer), pattern(inner))) continue;
        for (const host of hosts)
          if (matches(inner, host)) expect(matches(outer, host), `${outer} ⊇ ${inner} at ${host}`).toBe(true);
      }
  });
});
