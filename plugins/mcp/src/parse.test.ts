import { describe, expect, it } from 'vitest';
import { DiagnosticBag, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import type { McpRequirement } from './allowlist.js';
import { mcpProvider } from './provider.js';
import type { McpServers } from './servers.js';

const provider = mcpProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', provider: 'mcp', ...expected });

const DOCS = { identity: { command: 'docs-mcp' } };
const REMOTE = { identity: { url: 'https://example.com/mcp' } };

describe('mcp parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: McpRequirement }[] = [
    { name: 'nothing set constrains nothing', input: {}, expected: {} },
    {
      name: 'an allowlist of a stdio and an HTTP server',
      input: { mcp_servers: { docs: DOCS, remote: REMOTE } },
      expected: {
        mcp_servers: {
          docs: [{ command: 'docs-mcp' }],
          remote: [{ url: { match: 'exact', value: 'https://example.com/mcp' } }],
        },
      },
    },
    {
      name: 'an empty [mcp_servers] is an allowlist (of nothing), not unset',
      input: { mcp_servers: {} },
      expected: { mcp_servers: {} },
    },
    {
      name: 'matcher identities',
      input: {
        mcp_servers: {
          docs: { identity: { command: { executable: 'docs-mcp', args: ['serve'] } } },
          remote: { identity: { url: { match: 'prefix', value: 'https://example.com/' } } },
        },
      },
      expected: {
        mcp_servers: {
          docs: [{ command: 'docs-mcp', args: [{ match: 'exact', value: 'serve' }] }],
          remote: [{ url: { match: 'prefix', value: 'https://example.com/' } }],
        },
      },
    },
    {
      name: 'plugins."sample@test".mcp_servers',
      input: {
        plugins: { 'sample@test': { mcp_servers: { docs: DOCS } }, 'acme@market': { mcp_servers: { remote: REMOTE } } },
      },
      expected: {
        plugins: {
          'sample@test': { docs: [{ command: 'docs-mcp' }] },
          'acme@market': { remote: [{ url: { match: 'exact', value: 'https://example.com/mcp' } }] },
        },
      },
    },
    {
      name: 'a listed plugin without mcp_servers allows none of its servers',
      input: { plugins: { 'sample@test': {} } },
      expected: { plugins: { 'sample@test': {} } },
    },
    {
      name: 'top level and plugins together',
      input: { mcp_servers: { docs: DOCS }, plugins: { 'sample@test': { mcp_servers: {} } } },
      expected: { mcp_servers: { docs: [{ command: 'docs-mcp' }] }, plugins: { 'sample@test': {} } },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });

  it('print then parse gives the same requirement', () => {
    for (const { input } of cases) {
      const once = parse(input).requirement;
      const again = parse(provider.print(once));
      expect(again.diagnostics).toEqual([]);
      expect(again.requirement).toStrictEqual(once);
    }
  });
});

describe('mcp parse: warnings and errors', () => {
  const cases: { name: string; input: Table; expected: Expected[]; requirement?: McpRequirement }[] = [
    {
      name: 'other unknown keys in an entry are warned about, the entry kept',
      input: { mcp_servers: { docs: { ...DOCS, enabled: false, command: 'x' } } },
      expected: [
        { kind: 'unknown-key', severity: 'warning', key: 'mcp_servers.docs.enabled', message: '"enabled"' },
        { kind: 'unknown-key', severity: 'warning', key: 'mcp_servers.docs.command', message: '"command"' },
      ],
      requirement: { mcp_servers: { docs: [{ command: 'docs-mcp' }] } },
    },
    {
      name: 'a legacy description is ignored, with a warning as Codex 0.171 gives',
      input: { mcp_servers: { docs: { ...DOCS, description: 'Docs server' } } },
      expected: [
        { kind: 'not-enforced', severity: 'warning', key: 'mcp_servers.docs.description', message: 'is ignored' },
      ],
      requirement: { mcp_servers: { docs: [{ command: 'docs-mcp' }] } },
    },
    {
      name: 'an entry without identity is an error',
      input: { mcp_servers: { docs: { description: 'no identity' }, remote: REMOTE } },
      expected: [
        { kind: 'missing-key', severity: 'error', key: 'mcp_servers.docs.identity', message: '"docs" has no identity' },
        { kind: 'not-enforced', severity: 'warning', key: 'mcp_servers.docs.description' },
      ],
    },
    {
      name: 'an identity at the entry level instead of under identity',
      input: { mcp_servers: { docs: { command: 'docs-mcp' } } },
      expected: [
        { kind: 'missing-key', severity: 'error', key: 'mcp_servers.docs.identity' },
        { kind: 'unknown-key', severity: 'warning', key: 'mcp_servers.docs.command' },
      ],
    },
    {
      name: 'an entry that is not a table',
      input: { mcp_servers: { docs: 'docs-mcp' } },
      expected: [{ kind: 'invalid-type', severity: 'error', key: 'mcp_servers.docs' }],
    },
    {
      name: '[mcp_servers] that is not a table',
      input: { mcp_servers: ['docs'] },
      expected: [{ kind: 'invalid-type', severity: 'error', key: 'mcp_servers' }],
    },
    {
      name: 'a bad identity under a plugin names the plugin key',
      input: { plugins: { 'sample@test': { mcp_servers: { docs: { identity: {} } } } } },
      expected: [{ kind: 'missing-key', severity: 'error', key: 'plugins.sample@test.mcp_servers.docs.identity' }],
    },
    {
      name: 'a plugin entry that is not a table',
      input: { plugins: { 'sample@test': true } },
      expected: [{ kind: 'invalid-type', severity: 'error', key: 'plugins.sample@test' }],
    },
    {
      name: 'an invalid regex is an error naming the server',
      input: { mcp_servers: { pricing: { identity: { url: { match: 'regex', expression: '(' } } } } },
      expected: [
        {
          kind: 'invalid-value',
          severity: 'error',
          key: 'mcp_servers.pricing.identity.url.expression',
          message: 'MCP server "pricing"',
        },
      ],
    },
    {
      name: 'the early name mcp_server_allowlist is not enforced',
      input: { mcp_server_allowlist: { docs: DOCS } },
      expected: [
        {
          kind: 'not-enforced',
          severity: 'warning',
          key: 'mcp_server_allowlist',
          message: 'not read',
          suggestion: '[mcp_servers.<name>.identity]',
        },
      ],
      requirement: {},
    },
    {
      name: 'the early name mcp_server_requirements is not enforced',
      input: { mcp_server_requirements: {} },
      expected: [{ kind: 'not-enforced', severity: 'warning', key: 'mcp_server_requirements' }],
      requirement: {},
    },
    {
      name: 'an early name beside [mcp_servers] warns; [mcp_servers] alone counts',
      input: { mcp_server_allowlist: { remote: REMOTE }, mcp_servers: { docs: DOCS } },
      expected: [{ kind: 'not-enforced', severity: 'warning', key: 'mcp_server_allowlist' }],
      requirement: { mcp_servers: { docs: [{ command: 'docs-mcp' }] } },
    },
  ];

  it.each(cases)('$name', ({ input, expected, requirement = {} }) => {
    const parsed = parse(input);
    expect(parsed.diagnostics).toEqual(expected.map(like));
    expect(parsed.requirement).toStrictEqual(requirement);
  });
});

describe('mcp settings: parsing [mcp_servers] of config.toml', () => {
  const spec = provider.settings.mcp_servers;
  function parseServers(raw: unknown) {
    const bag = new DiagnosticBag('config.toml', 'mcp');
    return { servers: spec.parse(raw, 'mcp_servers', bag.report), diagnostics: bag.items };
  }
  const err = (expected: Expected) =>
    diagnosticLike({ source: 'config.toml', provider: 'mcp', severity: 'error', ...expected });

  it('is declared as a table-merged setting constrained by mcp_servers', () => {
    expect(spec).toMatchObject({ configKey: 'mcp_servers', merge: 'tables', constrainedBy: ['mcp_servers'] });
  });

  it('keeps command, args, cwd, url and enabled; never env values; ignores host keys', () => {
    const { servers, diagnostics } = parseServers({
      docs: {
        command: 'docs-mcp',
        args: ['--verbose'],
        cwd: '/srv/docs',
        env: { API_TOKEN: 'secret' },
        startup_timeout_sec: 10,
      },
      remote: { url: 'https://example.com/mcp', enabled: false, bearer_token_env_var: 'TOKEN' },
      bare: { command: 'bare-mcp' },
    });
    expect(diagnostics).toEqual([]);
    expect(servers).toStrictEqual<McpServers>({
      docs: { enabled: true, command: 'docs-mcp', args: ['--verbose'], cwd: '/srv/docs' },
      remote: { enabled: false, url: 'https://example.com/mcp' },
      bare: { enabled: true, command: 'bare-mcp' },
    });
    expect(JSON.stringify(servers)).not.toContain('secret');
  });

  it('an empty table is no servers', () => {
    expect(parseServers({})).toEqual({ servers: {}, diagnostics: [] });
  });

  const cases: { name: string; input: unknown; expected: Expected[] }[] = [
    {
      name: 'both command and url',
      input: { docs: { command: 'docs-mcp', url: 'https://x' } },
      expected: [{ kind: 'conflict', key: 'mcp_servers.docs', message: '"docs" must set exactly one' }],
    },
    {
      name: 'neither command nor url',
      input: { docs: { args: ['x'] } },
      expected: [{ kind: 'missing-key', key: 'mcp_servers.docs' }],
    },
    {
      name: 'command not a string',
      input: { docs: { command: 1 } },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.docs.command' }],
    },
    {
      name: 'args not a list',
      input: { docs: { command: 'x', args: '--verbose' } },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.docs.args' }],
    },
    {
      name: 'an arg not a string',
      input: { docs: { command: 'x', args: ['ok', 2] } },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.docs.args[1]' }],
    },
    {
      name: 'cwd not a string',
      input: { docs: { command: 'x', cwd: false } },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.docs.cwd' }],
    },
    {
      name: 'url not a string',
      input: { remote: { url: ['https://x'] } },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.remote.url' }],
    },
    {
      name: 'enabled not a boolean',
      input: { docs: { command: 'x', enabled: 'yes' } },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.docs.enabled' }],
    },
    {
      name: 'env not a table',
      input: { docs: { command: 'x', env: 'A=1' } },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.docs.env' }],
    },
    {
      name: 'a server that is not a table',
      input: { docs: 'docs-mcp' },
      expected: [{ kind: 'invalid-type', key: 'mcp_servers.docs' }],
    },
    { name: '[mcp_servers] not a table', input: 'docs', expected: [{ kind: 'invalid-type', key: 'mcp_servers' }] },
  ];

  it.each(cases)('$name is an error', ({ input, expected }) => {
    const { servers, diagnostics } = parseServers(input);
    expect(diagnostics).toEqual(expected.map(err));
    expect(servers).toBeUndefined();
  });
});
