import { describe, expect, it } from 'vitest';
import { ProviderSetupError } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { sandboxProvider } from '@ratchet/plugin-sandbox';
import { networkGate, type NetworkDecision } from './gate.js';
import type { RuleDomains } from './policy.js';
import { networkProvider } from './provider.js';

async function gate(requirements: string, config = '', ruleDomains?: RuleDomains) {
  const policy = await loadPolicy([sandboxProvider(), networkProvider()], requirements);
  return networkGate(policy, policy.resolve(userConfig(config)), ruleDomains ? { ruleDomains } : {});
}

const REQ = [
  '[experimental_network.domains]',
  '"*.example.com" = "allow"',
  '"api.partner.io" = "allow"',
  '"**.openai.com" = "allow"',
  '"region*.v2.argotunnel.com" = "allow"',
  '"blocked.example.com" = "deny"',
  '"**.exfil.example.com" = "deny"',
  '"169.254.169.254" = "deny"',
  '"127.0.0.1" = "allow"',
  '[experimental_network.unix_sockets]',
  '"/var/run/docker.sock" = "allow"',
  '"/tmp/evil.sock" = "deny"',
].join('\n');

describe('networkGate: may this host be reached?', () => {
  it("hosts from .rules files overlay the user's entries, as Codex's network rules do, and stay below requirements", async () => {
    const config =
      'sandbox_mode = "workspace-write"\n[network.domains]\n"config.example.org" = "allow"\n"blocked.example.org" = "deny"\n';
    const rules = { allowed: ['blocked.example.org', 'blocked.example.com'], denied: ['api.example.org'] };
    const g = await gate(REQ, config, rules);
    expect(g.policy.allow.map((e) => [e.pattern, e.from])).toEqual(
      expect.arrayContaining([
        ['config.example.org', 'user'],
        ['blocked.example.org', 'rules'],
      ]),
    );
    expect(g.policy.deny.map((e) => [e.pattern, e.from])).toEqual(
      expect.arrayContaining([['api.example.org', 'rules']]),
    );
    expect(g.host('blocked.example.org')).toMatchObject({ decision: 'allow', entry: { from: 'rules' } });
    expect(g.host('api.example.org')).toMatchObject({ decision: 'deny', entry: { from: 'rules' } });
    expect(g.host('blocked.example.com')).toMatchObject({ decision: 'deny', entry: { from: 'managed' } });
    const only = await gate(`${REQ}\n[experimental_network]\nmanaged_allowed_domains_only = true\n`, config, rules);
    expect(only.host('blocked.example.org')).toMatchObject({ decision: 'deny', reason: 'not-allowlisted' });
  });

  it('answers with the deciding entry and where it came from', async () => {
    const ask = await gate(REQ, 'sandbox_mode = "workspace-write"\n[network.domains]\n"docs.rs" = "allow"\n');
    expect(ask.host('api.example.com')).toMatchObject({
      decision: 'allow',
      reason: 'allowlisted',
      entry: { pattern: '*.example.com', from: 'managed', list: 'allow' },
    });
    expect(ask.host('docs.rs:443')).toMatchObject({
      decision: 'allow',
      port: 443,
      entry: { pattern: 'docs.rs', from: 'user' },
    });
    expect(ask.host('x.blocked.example.com')).toMatchObject({ decision: 'allow' });
    expect(ask.host('blocked.example.com')).toMatchObject({
      decision: 'deny',
      reason: 'denylisted',
      entry: { pattern: 'blocked.example.com', list: 'deny' },
    });
    expect(ask.host('example.com')).toMatchObject({ decision: 'ask', reason: 'not-allowlisted' });
    expect(ask.host({ host: 'other.org', port: 8080 })).toMatchObject({ decision: 'ask', port: 8080 });
  });

  it('misses are denied under full access and under managed_allowed_domains_only', async () => {
    expect((await gate(REQ, 'sandbox_mode = "danger-full-access"\n')).host('other.org').decision).toBe('deny');
    expect(
      (
        await gate(
          `[experimental_network]\nmanaged_allowed_domains_only = true\n${REQ}`,
          'sandbox_mode = "workspace-write"\n',
        )
      ).host('other.org').decision,
    ).toBe('deny');
  });

  it('danger_full_access_denylist_only allows every host but the denied ones, local ones included', async () => {
    const ask = await gate(
      `[experimental_network]\ndanger_full_access_denylist_only = true\n${REQ}`,
      'sandbox_mode = "danger-full-access"\n',
    );
    expect(ask.host('anything.org')).toMatchObject({
      decision: 'allow',
      entry: { pattern: '*', from: 'danger_full_access_denylist_only' },
    });
    expect(ask.host('10.0.0.5').decision).toBe('allow');
    expect(ask.host('a.exfil.example.com').decision).toBe('deny');
    expect(ask.unixSocket('/any/where.sock')).toMatchObject({ decision: 'allow', reason: 'all-allowed' });
  });

  it('refuses to build without the network provider', async () => {
    const policy = await loadPolicy([sandboxProvider()]);
    expect(() => networkGate(policy, policy.resolve(userConfig()))).toThrow(ProviderSetupError);
  });
});

describe('networkGate: adversarial hosts', () => {
  const cases: { name: string; host: string; expected: NetworkDecision; reason?: string }[] = [
    { name: 'mixed case', host: 'API.Example.COM', expected: 'allow' },
    { name: 'trailing dot on a denied host', host: 'Blocked.Example.Com.', expected: 'deny', reason: 'denylisted' },
    { name: 'several trailing dots', host: 'blocked.example.com...', expected: 'deny', reason: 'denylisted' },
    { name: 'apex of a **. deny', host: 'EXFIL.example.com', expected: 'deny', reason: 'denylisted' },
    {
      name: 'subdomain of a **. deny under a *. allow',
      host: 'a.b.exfil.example.com',
      expected: 'deny',
      reason: 'denylisted',
    },
    {
      name: 'full-width spelling of a denied host',
      host: 'ｂｌｏｃｋｅｄ.example.com',
      expected: 'deny',
      reason: 'denylisted',
    },
    { name: 'IDN host matches its punycode', host: 'bücher.example.com', expected: 'allow' },
    { name: 'metadata address in decimal', host: '2852039166', expected: 'deny', reason: 'denylisted' },
    { name: 'metadata address in hex', host: '0xA9FEA9FE', expected: 'deny', reason: 'denylisted' },
    { name: 'metadata address in octal', host: '0251.0376.0251.0376', expected: 'deny', reason: 'denylisted' },
    { name: 'metadata address with a port', host: '169.254.169.254:80', expected: 'deny', reason: 'denylisted' },
    {
      name: 'metadata address IPv6-mapped (not the literal the deny names): still local',
      host: '[::ffff:169.254.169.254]',
      expected: 'deny',
      reason: 'local',
    },
    { name: 'loopback in decimal is the allowlisted literal', host: '2130706433', expected: 'allow' },
    { name: 'loopback shortened', host: '127.1', expected: 'allow' },
    { name: 'another loopback address is not allowlisted', host: '127.0.0.2', expected: 'deny', reason: 'local' },
    { name: 'IPv6 loopback', host: '[::1]:8080', expected: 'deny', reason: 'local' },
    {
      name: 'IPv6-mapped loopback is not the IPv4 literal',
      host: '::ffff:127.0.0.1',
      expected: 'deny',
      reason: 'local',
    },
    { name: 'localhost', host: 'LOCALHOST.', expected: 'deny', reason: 'local' },
    { name: 'private address', host: '0x0a.0.0.1', expected: 'deny', reason: 'local' },
    { name: 'unspecified address', host: '0', expected: 'deny', reason: 'local' },
    { name: 'userinfo trick', host: 'blocked.example.com@api.example.com', expected: 'deny', reason: 'invalid' },
    { name: 'userinfo trick the other way', host: 'api.example.com@evil.org', expected: 'deny', reason: 'invalid' },
    { name: 'a URL instead of a host', host: 'https://api.example.com/', expected: 'deny', reason: 'invalid' },
    { name: 'a query cut', host: 'api.example.com?.evil.org', expected: 'deny', reason: 'invalid' },
    { name: 'a bad port', host: 'api.example.com:99999', expected: 'deny', reason: 'invalid' },
    { name: 'a suffix lookalike', host: 'api.example.com.evil.org', expected: 'ask' },
    { name: 'a prefix lookalike', host: 'evilexample.com', expected: 'ask' },
    { name: 'a glob does not cross dots', host: 'foo.region1.v2.argotunnel.com', expected: 'ask' },
    { name: 'a glob matches within its label', host: 'Region7.v2.argotunnel.com', expected: 'allow' },
    { name: 'the apex of **.openai.com', host: 'openai.com.', expected: 'allow' },
    { name: 'the apex of *.example.com is not covered', host: 'example.com', expected: 'ask' },
  ];

  it.each(cases)('$name: $host → $expected', async ({ host, expected, reason }) => {
    const verdict = (await gate(REQ, 'sandbox_mode = "workspace-write"\n')).host(host);
    expect(verdict.decision).toBe(expected);
    if (reason !== undefined) expect(verdict.reason).toBe(reason);
  });

  it('allow_local_binding lets local destinations through the allowlist; a deny still wins', async () => {
    const ask = await gate(
      `[experimental_network]\nallow_local_binding = true\n${REQ}`,
      'sandbox_mode = "workspace-write"\n',
    );
    expect(ask.host('127.0.0.2').decision).toBe('ask');
    expect(ask.host('0xa9fea9fe').decision).toBe('deny');
  });

  it('an allowlisted name that resolved to a local address stays blocked (best effort)', async () => {
    const ask = await gate(REQ, 'sandbox_mode = "workspace-write"\n');
    expect(ask.host({ host: 'api.example.com', resolvedAddresses: ['93.184.216.34'] }).decision).toBe('allow');
    expect(ask.host({ host: 'api.example.com', resolvedAddresses: ['93.184.216.34', '10.0.0.7'] })).toMatchObject({
      decision: 'deny',
      reason: 'local-resolved',
    });
    expect(ask.host({ host: 'api.example.com', port: 0 })).toMatchObject({ decision: 'deny', reason: 'invalid' });
  });
});

describe('networkGate: unix sockets', () => {
  it('absolute paths only; deny entries win; allow entries match exactly after normalization', async () => {
    const ask = await gate(REQ, '[network.unix_sockets]\n"/tmp/mine.sock" = "allow"\n');
    expect(ask.unixSocket('/var/run/docker.sock')).toMatchObject({
      decision: 'allow',
      entry: { path: '/var/run/docker.sock', from: 'managed' },
    });
    expect(ask.unixSocket('/var/run/../run//docker.sock/')).toMatchObject({
      decision: 'allow',
      path: '/var/run/docker.sock',
    });
    expect(ask.unixSocket('var/run/docker.sock')).toMatchObject({ decision: 'deny', reason: 'relative-path' });
    expect(ask.unixSocket('./docker.sock').decision).toBe('deny');
    expect(ask.unixSocket('/tmp/evil.sock')).toMatchObject({ decision: 'deny', reason: 'denylisted' });
    // The managed socket map replaces the user's allow entries.
    expect(ask.unixSocket('/tmp/mine.sock')).toMatchObject({ decision: 'deny', reason: 'not-allowlisted' });
    expect(ask.unixSocket('/var/run/docker.sock/../../../etc/evil.sock')).toMatchObject({
      decision: 'deny',
      path: '/etc/evil.sock',
    });
  });

  it('dangerously_allow_all_unix_sockets allows any absolute path but never a relative one or a denied one', async () => {
    const ask = await gate(
      '[experimental_network]\ndangerously_allow_all_unix_sockets = true\n[experimental_network.unix_sockets]\n"/tmp/evil.sock" = "deny"\n',
    );
    expect(ask.unixSocket('/run/user/1000/bus')).toMatchObject({ decision: 'allow', reason: 'all-allowed' });
    expect(ask.unixSocket('run/user/1000/bus')).toMatchObject({ decision: 'deny', reason: 'relative-path' });
    expect(ask.unixSocket('/tmp/evil.sock').decision).toBe('deny');
  });
});
