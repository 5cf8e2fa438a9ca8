import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { networkProvider } from './provider.js';
import type { NetworkTable } from './requirement.js';
import { networkSettingSpecs, parsePermissionNetworks } from './settings.js';

const provider = networkProvider();
const parse = (table: Table) => parseSlice(provider, { experimental_network: table });
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', provider: 'network', ...expected });

describe('[experimental_network] parse: valid tables', () => {
  const cases: { name: string; input: Table; expected: NetworkTable }[] = [
    { name: 'an empty table constrains nothing, but is set (it masks lower layers)', input: {}, expected: {} },
    { name: 'empty maps constrain nothing', input: { domains: {}, unix_sockets: {} }, expected: {} },
    {
      name: 'flags',
      input: {
        enabled: true,
        allow_upstream_proxy: false,
        dangerously_allow_all_unix_sockets: true,
        allow_local_binding: false,
        managed_allowed_domains_only: true,
        danger_full_access_denylist_only: false,
      },
      expected: {
        enabled: true,
        allow_upstream_proxy: false,
        dangerously_allow_all_unix_sockets: true,
        allow_local_binding: false,
        managed_allowed_domains_only: true,
        danger_full_access_denylist_only: false,
      },
    },
    {
      name: 'canonical maps are normalized',
      input: {
        domains: { 'API.Example.com.': 'allow', '*.Blocked.Example.com': 'deny', '*': 'allow' },
        unix_sockets: { '/tmp//a.sock/': 'allow', '/run/x/../b.sock': 'none', '/c.sock': 'deny' },
      },
      expected: {
        domains: { 'api.example.com': 'allow', '*.blocked.example.com': 'deny', '*': 'allow' },
        unix_sockets: { '/tmp/a.sock': 'allow', '/run/b.sock': 'none', '/c.sock': 'deny' },
      },
    },
    {
      name: 'two spellings of one pattern: deny wins, and the emptied allowlist is remembered',
      input: { domains: { 'Example.com': 'allow', 'example.com.': 'deny' } },
      expected: { domains: { 'example.com': 'deny' }, empty_allowlist: true },
    },
    {
      name: 'legacy lists whose every allow is denied leave an emptied allowlist',
      input: { allowed_domains: ['a.example'], denied_domains: ['A.example.'] },
      expected: { domains: { 'a.example': 'deny' }, empty_allowlist: true },
    },
    {
      name: 'legacy lists become the maps, deny inserted after allow',
      input: {
        allowed_domains: ['api.example.com', '*.openai.com', 'both.example.com'],
        denied_domains: ['both.example.com'],
        allow_unix_sockets: ['/tmp/example.sock'],
      },
      expected: {
        domains: { 'api.example.com': 'allow', '*.openai.com': 'allow', 'both.example.com': 'deny' },
        unix_sockets: { '/tmp/example.sock': 'allow' },
      },
    },
    {
      name: 'empty legacy lists are unset, the table is not',
      input: { allowed_domains: [], denied_domains: [], allow_unix_sockets: [] },
      expected: {},
    },
    {
      name: 'legacy denied_domains alone',
      input: { denied_domains: ['blocked.example.com'] },
      expected: { domains: { 'blocked.example.com': 'deny' } },
    },
    {
      name: 'canonical domains with legacy sockets is fine',
      input: { domains: { 'a.example': 'allow' }, allow_unix_sockets: ['/s'] },
      expected: { domains: { 'a.example': 'allow' }, unix_sockets: { '/s': 'allow' } },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual({ experimental_network: expected });
    expect(diagnostics).toEqual([]);
  });

  it('print round-trips: parse(print(parse(x))) equals parse(x), but for the emptied-allowlist mark (it has no TOML spelling)', () => {
    for (const { input } of cases) {
      const once = parse(input).requirement;
      const { empty_allowlist: _mark, ...rest } = once.experimental_network ?? {};
      expect(parseSlice(provider, provider.print(once)).requirement).toStrictEqual({ experimental_network: rest });
    }
  });

  it('no table prints nothing; an empty table prints as an empty table', () => {
    expect(provider.print({})).toStrictEqual({});
    expect(provider.print({ experimental_network: {} })).toStrictEqual({ experimental_network: {} });
  });

  it('keys Codex knows but ratchet does not enforce are noted; unknown keys are warned about', () => {
    const { requirement, diagnostics } = parse({ http_port: 3128, header_injections: [], allowed_domain: ['x'] });
    expect(requirement).toStrictEqual({ experimental_network: {} });
    expect(diagnostics).toEqual([
      like({ severity: 'info', kind: 'not-enforced', key: 'experimental_network.http_port' }),
      like({ severity: 'info', kind: 'not-enforced', key: 'experimental_network.header_injections' }),
      like({
        severity: 'warning',
        kind: 'unknown-key',
        key: 'experimental_network.allowed_domain',
        suggestion: 'did you mean "allowed_domains"?',
      }),
    ]);
  });

  it("keys read but not enforced still have Codex's types: ports are u16, the proxy flag a bool", () => {
    for (const [key, value] of [
      ['http_port', 70_000],
      ['socks_port', -1],
      ['http_port', '8080'],
      ['dangerously_allow_non_loopback_proxy', 'yes'],
      ['header_injections', 'x'],
    ] as const) {
      const { diagnostics } = parse({ [key]: value });
      expect(diagnostics, `${key} = ${value}`).toEqual([
        like({ severity: 'error', key: `experimental_network.${key}` }),
      ]);
    }
    expect(
      parse({ http_port: 0, socks_port: 65_535, dangerously_allow_non_loopback_proxy: false }).diagnostics.every(
        (d) => d.severity === 'info',
      ),
    ).toBe(true);
  });
});

describe('[experimental_network] parse: errors', () => {
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    {
      name: 'domains mixed with legacy lists',
      input: { allowed_domains: ['a.example'], domains: { 'b.example': 'allow' } },
      expected: [
        {
          kind: 'conflict',
          key: 'experimental_network.domains',
          message:
            '`experimental_network.domains` cannot be combined with legacy `allowed_domains` or `denied_domains`',
        },
      ],
    },
    {
      name: 'unix_sockets mixed with the legacy list',
      input: { allow_unix_sockets: ['/tmp/example.sock'], unix_sockets: { '/tmp/another.sock': 'allow' } },
      expected: [
        {
          kind: 'conflict',
          key: 'experimental_network.unix_sockets',
          message: '`experimental_network.unix_sockets` cannot be combined with legacy `allow_unix_sockets`',
        },
      ],
    },
    {
      name: 'the global wildcard in a deny map',
      input: { domains: { '*': 'deny' } },
      expected: [
        {
          kind: 'invalid-value',
          key: 'experimental_network.domains."*"',
          message: 'not allowed in a deny list',
          suggestion: 'scoped wildcards',
        },
      ],
    },
    {
      name: 'the global wildcard in a legacy deny list',
      input: { denied_domains: ['ok.example', '*'] },
      expected: [
        { kind: 'invalid-value', key: 'experimental_network.denied_domains[1]', message: 'not allowed in a deny list' },
      ],
    },
    {
      name: 'an unknown domain decision',
      input: { domains: { 'a.example': 'block' } },
      expected: [
        {
          kind: 'unknown-value',
          key: 'experimental_network.domains."a.example"',
          suggestion: 'use one of allow, deny',
        },
      ],
    },
    {
      name: 'an invalid pattern',
      input: { domains: { 'evil.com@good.com': 'allow' } },
      expected: [
        {
          kind: 'invalid-value',
          key: 'experimental_network.domains."evil.com@good.com"',
          message: 'invalid domain pattern',
        },
      ],
    },
    {
      name: 'a relative socket path',
      input: { unix_sockets: { 'tmp/a.sock': 'allow' } },
      expected: [
        { kind: 'invalid-value', key: 'experimental_network.unix_sockets."tmp/a.sock"', message: 'not absolute' },
      ],
    },
    {
      name: 'a relative path in the legacy list',
      input: { allow_unix_sockets: ['./a.sock'] },
      expected: [{ kind: 'invalid-value', key: 'experimental_network.allow_unix_sockets[0]', message: 'not absolute' }],
    },
    {
      name: 'a flag that is not a boolean',
      input: { enabled: 'yes' },
      expected: [{ kind: 'invalid-type', key: 'experimental_network.enabled' }],
    },
    {
      name: 'a legacy list that is a string',
      input: { allowed_domains: 'a.example' },
      expected: [{ kind: 'invalid-type', key: 'experimental_network.allowed_domains' }],
    },
    {
      name: 'domains that are a list',
      input: { domains: ['a.example'] },
      expected: [{ kind: 'invalid-type', key: 'experimental_network.domains' }],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(parse(input).diagnostics).toEqual(expected.map((e) => like({ severity: 'error', ...e })));
  });

  it('a table that is not a table', () => {
    expect(parseSlice(provider, { experimental_network: true }).diagnostics).toEqual([
      like({ severity: 'error', kind: 'invalid-type', key: 'experimental_network' }),
    ]);
  });
});

describe('config.toml network settings: canonical maps only', () => {
  const bag = () => new DiagnosticBag('config.toml', 'network');

  it('[network.domains] and [network.unix_sockets] take the canonical maps', () => {
    const report = bag();
    expect(
      networkSettingSpecs['network.domains'].parse(
        { 'Example.com': 'allow', '*.evil.example': 'deny' },
        'network.domains',
        report.report,
      ),
    ).toStrictEqual({ 'example.com': 'allow', '*.evil.example': 'deny' });
    expect(
      networkSettingSpecs['network.unix_sockets'].parse(
        { '/var/run/docker.sock': 'allow' },
        'network.unix_sockets',
        report.report,
      ),
    ).toStrictEqual({ '/var/run/docker.sock': 'allow' });
    expect(report.items).toEqual([]);
  });

  it('a legacy list under [network] is an error naming the replacement', () => {
    const legacy = networkSettingSpecs['network.domains'].legacyKeys!;
    const report = bag();
    expect(legacy[0]!.read(['a.example'], 'network.allowed_domains', report.report)).toBeUndefined();
    expect(report.items).toEqual([
      diagnosticLike({
        severity: 'error',
        key: 'network.allowed_domains',
        message: 'legacy list',
        suggestion: 'write [network.domains] "<pattern>" = "allow"',
      }),
    ]);
  });

  it('[permissions.<profile>.network] takes the canonical maps and flags; legacy lists are errors', () => {
    const report = bag();
    const parsed = parsePermissionNetworks(
      {
        workspace: {
          filesystem: { ':minimal': 'read' },
          network: {
            enabled: true,
            mode: 'limited',
            domains: { 'www.example.com': 'allow' },
            allow_unix_sockets: ['/tmp/x.sock'],
          },
        },
        other: { filesystem: {} },
      },
      'permissions',
      report.report,
    );
    expect(parsed).toStrictEqual({ workspace: { enabled: true, domains: { 'www.example.com': 'allow' } } });
    expect(report.items).toEqual([
      diagnosticLike({
        severity: 'error',
        kind: 'invalid-value',
        key: 'permissions.workspace.network.allow_unix_sockets',
        suggestion: 'write [permissions.workspace.network.unix_sockets] "/path" = "allow"',
      }),
    ]);
  });

  it('bad values inside a profile network table are errors with their full key', () => {
    const report = bag();
    parsePermissionNetworks(
      { dev: { network: { domains: { '*': 'deny' }, allow_local_binding: 1 } } },
      'permissions',
      report.report,
    );
    expect(report.items.map((d) => d.key)).toEqual([
      'permissions.dev.network.allow_local_binding',
      'permissions.dev.network.domains."*"',
    ]);
  });
});
