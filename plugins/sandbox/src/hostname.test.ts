import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hostnameMatches, normalizeHostname } from './hostname.js';

describe('normalizeHostname', () => {
  const cases: { name: string; input: string; expected: string }[] = [
    { name: 'lowercases', input: 'DevBox-1.Example.COM', expected: 'devbox-1.example.com' },
    { name: 'drops a trailing dot (FQDN root)', input: 'host.example.com.', expected: 'host.example.com' },
    { name: 'drops several trailing dots', input: 'host..', expected: 'host' },
    { name: 'trims whitespace first', input: '  host.example.com. \n', expected: 'host.example.com' },
    { name: 'keeps inner and leading dots', input: '.a..b', expected: '.a..b' },
    { name: 'a lone dot is empty', input: '.', expected: '' },
    { name: 'blank is empty', input: '   ', expected: '' },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(normalizeHostname(input)).toBe(expected);
  });
});

describe('hostnameMatches', () => {
  const cases: { name: string; input: { hostname: string; pattern: string }; expected: boolean }[] = [
    { name: 'exact name', input: { hostname: 'host.example.com', pattern: 'host.example.com' }, expected: true },
    {
      name: 'case-insensitive pattern',
      input: { hostname: 'host.example.com', pattern: 'HOST.Example.COM' },
      expected: true,
    },
    {
      name: 'case-insensitive hostname',
      input: { hostname: 'HOST.EXAMPLE.COM', pattern: '*.example.com' },
      expected: true,
    },
    {
      name: 'trailing dot on the hostname is dropped',
      input: { hostname: 'host.example.com.', pattern: 'host.example.com' },
      expected: true,
    },
    {
      name: 'trailing dot on the pattern is dropped',
      input: { hostname: 'host.example.com', pattern: 'host.example.com.' },
      expected: true,
    },
    {
      name: 'pattern is trimmed',
      input: { hostname: 'host.example.com', pattern: '  *.example.com ' },
      expected: true,
    },
    {
      name: '* crosses dots',
      input: { hostname: 'a.b.c.devbox.example.com', pattern: '*.devbox.example.com' },
      expected: true,
    },
    {
      name: '* matches the empty run',
      input: { hostname: 'devbox.example.com', pattern: 'devbox*.example.com' },
      expected: true,
    },
    {
      name: '*.example.com needs the dot',
      input: { hostname: 'example.com', pattern: '*.example.com' },
      expected: false,
    },
    {
      name: 'suffix is anchored',
      input: { hostname: 'host.example.com.evil.org', pattern: '*.example.com' },
      expected: false,
    },
    {
      name: 'prefix is anchored',
      input: { hostname: 'evilhost.example.com', pattern: 'host.example.com' },
      expected: false,
    },
    { name: 'lone * matches any host', input: { hostname: 'anything.at.all', pattern: '*' }, expected: true },
    {
      name: '? is exactly one character',
      input: { hostname: 'runner-07.ci.example.com', pattern: 'runner-??.ci.example.com' },
      expected: true,
    },
    {
      name: '? does not match zero characters',
      input: { hostname: 'runner-7.ci.example.com', pattern: 'runner-??.ci.example.com' },
      expected: false,
    },
    {
      name: '? does not match two characters',
      input: { hostname: 'runner-107.ci.example.com', pattern: 'runner-??.ci.example.com' },
      expected: false,
    },
    { name: '? matches a dot too', input: { hostname: 'ab.c', pattern: 'ab?c' }, expected: true },
    {
      name: '. is literal, not any character',
      input: { hostname: 'hostxexample.com', pattern: 'host.example.com' },
      expected: false,
    },
    {
      name: '[ab] is literal, not a class',
      input: { hostname: 'a.example.com', pattern: '[ab].example.com' },
      expected: false,
    },
    {
      name: '[ab] matches itself',
      input: { hostname: '[ab].example.com', pattern: '[ab].example.com' },
      expected: true,
    },
    {
      name: '{a,b} is literal, not alternation',
      input: { hostname: 'a.example.com', pattern: '{a,b}.example.com' },
      expected: false,
    },
    {
      name: '{a,b} matches itself',
      input: { hostname: '{a,b}.example.com', pattern: '{a,b}.example.com' },
      expected: true,
    },
    {
      name: '! is literal, not negation',
      input: { hostname: 'other.example.com', pattern: '!host.example.com' },
      expected: false,
    },
    {
      name: '!host matches itself',
      input: { hostname: '!host.example.com', pattern: '!host.example.com' },
      expected: true,
    },
    { name: 'regex metacharacters are literal', input: { hostname: 'hhost', pattern: 'h+ost' }, expected: false },
    {
      name: 'backslash, $, ^, | and () are literal',
      input: { hostname: 'a\\b$c^d|e(f)', pattern: 'a\\b$c^d|e(f)' },
      expected: true,
    },
    { name: 'blank pattern never matches', input: { hostname: 'host.example.com', pattern: '' }, expected: false },
    {
      name: 'whitespace pattern never matches',
      input: { hostname: 'host.example.com', pattern: '   ' },
      expected: false,
    },
    { name: 'a lone dot pattern is blank', input: { hostname: 'host.example.com', pattern: '.' }, expected: false },
    { name: 'blank pattern does not match a blank host', input: { hostname: '', pattern: '' }, expected: false },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(hostnameMatches(input.hostname, input.pattern)).toBe(expected);
  });

  it('a name without wildcards matches itself, in any case (seed 5151)', () => {
    const name = fc
      .string({ minLength: 1, maxLength: 30 })
      .filter((s) => !/[*?]/.test(s) && normalizeHostname(s) !== '');
    const prop = fc.property(name, (s) => {
      expect(hostnameMatches(s.toUpperCase(), s)).toBe(normalizeHostname(s.toUpperCase()) === normalizeHostname(s));
      expect(hostnameMatches(s, s)).toBe(true);
      expect(hostnameMatches(`x${s}`, s)).toBe(false);
    });
    fc.assert(prop, { seed: 5151, numRuns: 500 });
  });
});
