import { describe, expect, it } from 'vitest';
import {
  isLocalHost,
  isNonPublicIpv4,
  isNonPublicIpv6,
  mappedIpv4,
  normalizeHost,
  type NormalizedHost,
} from './host.js';

const ok = (raw: string) => {
  const r = normalizeHost(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.reason}`);
  return r.value;
};
const bad = (raw: string) => {
  const r = normalizeHost(raw);
  return r.ok ? `accepted as ${r.value.host}` : r.reason;
};

describe('normalizeHost: network-domains.md rules', () => {
  const cases: { name: string; input: string; expected: NormalizedHost }[] = [
    { name: 'trims and lowercases', input: '  ExAmPlE.CoM  ', expected: { host: 'example.com', kind: 'domain' } },
    { name: 'strips trailing dots', input: 'example.com..', expected: { host: 'example.com', kind: 'domain' } },
    {
      name: 'strips a :port (exactly one colon)',
      input: 'example.com:1234',
      expected: { host: 'example.com', kind: 'domain', port: 1234 },
    },
    {
      name: 'trailing dot before the port',
      input: 'Example.COM.:443',
      expected: { host: 'example.com', kind: 'domain', port: 443 },
    },
    { name: 'bracketed IPv6 loses brackets', input: '[::1]', expected: { host: '::1', kind: 'ipv6' } },
    { name: 'bracketed IPv6 with a port', input: '[::1]:443', expected: { host: '::1', kind: 'ipv6', port: 443 } },
    { name: 'unbracketed IPv6 is kept whole', input: '2001:DB8::1', expected: { host: '2001:db8::1', kind: 'ipv6' } },
    { name: 'IPv6 in long form is canonical', input: '0:0:0:0:0:0:0:1', expected: { host: '::1', kind: 'ipv6' } },
    { name: 'scoped IPv6 (%25 encoded)', input: 'fe80::1%25lo0', expected: { host: 'fe80::1%lo0', kind: 'ipv6' } },
    { name: 'scoped IPv6 (plain %)', input: '[FE80::1%lo0]', expected: { host: 'fe80::1%lo0', kind: 'ipv6' } },
    {
      name: 'IDN becomes punycode',
      input: 'Bücher.Example',
      expected: { host: 'xn--bcher-kva.example', kind: 'domain' },
    },
    {
      name: 'punycode stays punycode',
      input: 'xn--bcher-kva.example',
      expected: { host: 'xn--bcher-kva.example', kind: 'domain' },
    },
    {
      name: 'full-width letters and dots fold',
      input: 'ＥＸＡＭＰＬＥ。com',
      expected: { host: 'example.com', kind: 'domain' },
    },
    { name: 'soft hyphen is dropped', input: 'exa\u00ADmple.com', expected: { host: 'example.com', kind: 'domain' } },
    { name: 'IPv4 dotted', input: '127.0.0.1', expected: { host: '127.0.0.1', kind: 'ipv4' } },
    { name: 'IPv4 decimal', input: '2130706433', expected: { host: '127.0.0.1', kind: 'ipv4' } },
    { name: 'IPv4 hex', input: '0x7F000001', expected: { host: '127.0.0.1', kind: 'ipv4' } },
    { name: 'IPv4 octal', input: '0177.0.0.1', expected: { host: '127.0.0.1', kind: 'ipv4' } },
    { name: 'IPv4 shortened', input: '127.1', expected: { host: '127.0.0.1', kind: 'ipv4' } },
    {
      name: 'IPv4 mixed forms with trailing dot',
      input: '0xa9.254.0251.0xfe.',
      expected: { host: '169.254.169.254', kind: 'ipv4' },
    },
    { name: 'IPv4-mapped IPv6', input: '[::ffff:127.0.0.1]', expected: { host: '::ffff:7f00:1', kind: 'ipv6' } },
  ];
  it.each(cases)('$name', ({ input, expected }) => expect(ok(input)).toStrictEqual(expected));

  const invalid: { name: string; input: string; reason: string }[] = [
    { name: 'empty', input: '   ', reason: 'empty' },
    { name: 'only dots', input: '...', reason: 'empty' },
    { name: 'userinfo trick', input: 'evil.com@good.com', reason: 'cannot contain' },
    { name: 'userinfo with port', input: 'good.com:443@evil.com', reason: 'port' },
    { name: 'a URL', input: 'https://example.com', reason: 'port' },
    { name: 'a path', input: 'example.com/evil', reason: 'cannot contain' },
    { name: 'a query that the URL parser would cut', input: 'good.com?.evil.com', reason: 'cannot contain' },
    { name: 'a fragment', input: 'good.com#.evil.com', reason: 'cannot contain' },
    { name: 'a backslash', input: 'good.com\\@evil.com', reason: 'cannot contain' },
    { name: 'inner whitespace', input: 'exa mple.com', reason: 'cannot contain' },
    { name: 'a wildcard in a host', input: '*.example.com', reason: 'cannot contain *' },
    { name: 'an invalid IPv4', input: '999.1.1.1', reason: 'not a valid host name' },
    { name: 'a name ending in a number', input: 'a.b.1', reason: 'not a valid host name' },
    { name: 'a non-numeric port', input: 'example.com:http', reason: 'port' },
    { name: 'port 0', input: 'example.com:0', reason: 'port' },
    { name: 'port out of range', input: 'example.com:65536', reason: 'port' },
    { name: 'an unclosed bracket', input: '[::1', reason: 'closing' },
    { name: 'junk after brackets', input: '[::1]x', reason: 'port' },
    { name: 'a name in brackets', input: '[example.com]', reason: 'IPv6' },
    { name: 'a bad IPv6', input: '1::2::3', reason: 'IPv6' },
    { name: 'a bad scope', input: 'fe80::1%lo/0', reason: 'IPv6' },
  ];
  it.each(invalid)('rejects $name', ({ input, reason }) => expect(bad(input)).toContain(reason));
});

describe('local and private addresses', () => {
  const nonPublic4 = [
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '0.0.0.0',
    '0.1.2.3',
    '224.0.0.1',
    '239.255.255.255',
    '255.255.255.255',
    '100.64.0.1',
    '100.127.255.255',
    '192.0.0.1',
    '192.0.2.1',
    '198.18.0.1',
    '198.19.255.255',
    '198.51.100.7',
    '203.0.113.9',
    '240.0.0.1',
  ];
  const public4 = [
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.0',
    '100.63.255.255',
    '100.128.0.0',
    '192.0.1.1',
    '192.169.0.1',
    '198.17.0.1',
    '198.20.0.1',
    '198.51.101.1',
    '203.0.114.1',
    '223.255.255.255',
    '11.0.0.1',
  ];
  it.each(nonPublic4)('%s is not public', (ip) => expect(isNonPublicIpv4(ip)).toBe(true));
  it.each(public4)('%s is public', (ip) => expect(isNonPublicIpv4(ip)).toBe(false));

  const nonPublic6 = [
    '::1',
    '::',
    'ff02::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'febf::1',
    '::ffff:7f00:1',
    '::ffff:a00:1',
    '::ffff:a9fe:a9fe',
  ];
  const public6 = ['2001:4860:4860::8888', '2606:4700::1111', 'fec0::1', '::ffff:808:808', '::2'];
  it.each(nonPublic6)('%s is not public', (ip) => expect(isNonPublicIpv6(ip)).toBe(true));
  it.each(public6)('%s is public', (ip) => expect(isNonPublicIpv6(ip)).toBe(false));

  it('reads the IPv4 inside a mapped IPv6 address, whatever its spelling', () => {
    expect(mappedIpv4(ok('::ffff:127.0.0.1').host)).toBe('127.0.0.1');
    expect(mappedIpv4(ok('0:0:0:0:0:ffff:7f00:0001').host)).toBe('127.0.0.1');
    expect(mappedIpv4('2001:db8::1')).toBeUndefined();
  });

  it('localhost and non-public literals are local, in every spelling', () => {
    for (const host of [
      'localhost',
      'LocalHost.',
      '127.0.0.1',
      '2130706433',
      '0x7f.1',
      '[::1]:80',
      '::ffff:127.0.0.1',
      '[::ffff:10.0.0.1]',
      'fe80::1%25lo0',
      '0',
      '0x0',
    ]) {
      expect(isLocalHost(ok(host)), host).toBe(true);
    }
    for (const host of ['example.com', 'localhost.example.com', '8.8.8.8', '134744072', '[2001:4860:4860::8888]']) {
      expect(isLocalHost(ok(host)), host).toBe(false);
    }
  });
});
