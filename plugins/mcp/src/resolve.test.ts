import { describe, expect, it } from 'vitest';
import { effectiveObject, InputError, ProviderSetupError, type LayeringMode, type Resolved } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { mcpGate } from './gate.js';
import { mcpProvider } from './provider.js';
import type { McpServer } from './servers.js';

/** Loads requirement layers (highest first, named req.toml, or high.toml and low.toml when two are given). */
function load(layers: string | [string, string], mode: LayeringMode = 'precedence') {
  const named =
    typeof layers === 'string'
      ? layers
      : [
          { text: layers[0], label: 'high.toml' },
          { text: layers[1], label: 'low.toml' },
        ];
  return loadPolicy([mcpProvider()], named, { mode });
}

async function resolve(
  requirements: string | [string, string],
  config: string,
  options: { overrides?: string[]; mode?: LayeringMode } = {},
): Promise<Resolved> {
  const policy = await load(requirements, options.mode);
  return policy.resolve(userConfig(config, { ...(options.overrides && { overrides: options.overrides }) }));
}

const servers = (resolved: Resolved) => effectiveObject(resolved).mcp_servers as Record<string, McpServer>;
const warnings = (resolved: Resolved) => resolved.diagnostics.filter((d) => d.severity === 'warning');

const CONFIG = [
  '[mcp_servers.docs]',
  'command = "docs-mcp"',
  'args = ["--verbose"]',
  '[mcp_servers.remote]',
  'url = "https://example.com/mcp"',
  '[mcp_servers.hello]',
  'command = "hello-mcp"',
  'enabled = false',
].join('\n');
const DOCS = '[mcp_servers.docs.identity]\ncommand = "docs-mcp"\n';
const REMOTE = '[mcp_servers.remote.identity]\nurl = "https://example.com/mcp"\n';
const HELLO = '[mcp_servers.hello.identity]\ncommand = "hello-mcp"\n';

describe('mcp end to end: the allowlist', () => {
  it('no allowlist leaves every server as written', async () => {
    const resolved = await resolve('', CONFIG);
    expect(servers(resolved)).toStrictEqual({
      docs: { enabled: true, command: 'docs-mcp', args: ['--verbose'] },
      remote: { enabled: true, url: 'https://example.com/mcp' },
      hello: { enabled: false, command: 'hello-mcp' },
    });
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.entries.get('mcp_servers')).toMatchObject({
      rule: 'no allowlist: configured servers as written',
      constraints: [],
    });
  });

  it('a server whose name and identity match stays enabled, silently', async () => {
    const resolved = await resolve(DOCS + REMOTE + HELLO, CONFIG);
    expect(servers(resolved).docs).toStrictEqual({ enabled: true, command: 'docs-mcp', args: ['--verbose'] });
    expect(servers(resolved).remote).toStrictEqual({ enabled: true, url: 'https://example.com/mcp' });
    expect(resolved.diagnostics).toEqual([]);
  });

  it('a renamed server is disabled even though its command is approved', async () => {
    const resolved = await resolve(DOCS, '[mcp_servers.renamed]\ncommand = "docs-mcp"\n');
    expect(servers(resolved).renamed).toMatchObject({ enabled: false, command: 'docs-mcp' });
    expect(servers(resolved).renamed!.disabled_reason).toContain(
      '"renamed" is not in the [mcp_servers] allowlist set by req.toml',
    );
  });

  it('a retargeted or transport-mismatched server is disabled', async () => {
    const config =
      '[mcp_servers.docs]\ncommand = "evil-mcp"\n[mcp_servers.remote]\ncommand = "remote-mcp"\n[mcp_servers.other]\nurl = "https://example.com/mcp"\n';
    const resolved = await resolve(
      DOCS + REMOTE + '[mcp_servers.other.identity]\ncommand = "https://example.com/mcp"\n',
      config,
    );
    const got = servers(resolved);
    expect([got.docs!.enabled, got.remote!.enabled, got.other!.enabled]).toEqual([false, false, false]);
    expect(got.docs!.disabled_reason).toContain('allows "docs" only as command "docs-mcp", not command "evil-mcp"');
    expect(got.remote!.disabled_reason).toContain('only as url "https://example.com/mcp", not command "remote-mcp"');
  });

  it('an empty [mcp_servers] disables every server', async () => {
    const resolved = await resolve('[mcp_servers]\n', CONFIG);
    expect(Object.values(servers(resolved)).map((s) => s.enabled)).toEqual([false, false, false]);
    expect(warnings(resolved).map((d) => d.key)).toEqual(['mcp_servers.docs', 'mcp_servers.remote']);
  });

  it('allowlisting never re-enables a user-disabled server, nor gives it a reason', async () => {
    const resolved = await resolve(DOCS + HELLO, CONFIG);
    expect(servers(resolved).hello).toStrictEqual({ enabled: false, command: 'hello-mcp' });
    expect(warnings(resolved).map((d) => d.key)).toEqual(['mcp_servers.remote']);
  });

  it('a server the user disabled that the allowlist also refuses gets the reason, without a warning', async () => {
    const resolved = await resolve(DOCS, CONFIG);
    expect(servers(resolved).hello).toStrictEqual({
      enabled: false,
      command: 'hello-mcp',
      disabled_reason: 'disabled by requirements: "hello" is not in the [mcp_servers] allowlist set by req.toml',
    });
    expect(warnings(resolved).map((d) => d.key)).toEqual(['mcp_servers.remote']);
  });

  it('a disabled server gets a disabled_reason naming req.toml and a warning keyed by the server', async () => {
    const resolved = await resolve(DOCS, CONFIG);
    expect(servers(resolved).remote).toStrictEqual({
      enabled: false,
      url: 'https://example.com/mcp',
      disabled_reason: 'disabled by requirements: "remote" is not in the [mcp_servers] allowlist set by req.toml',
    });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({
        kind: 'disallowed-value',
        key: 'mcp_servers.remote',
        source: 'config.toml',
        provider: 'mcp',
        message: 'MCP server "remote" is disabled',
      }),
    ]);
    const entry = resolved.entries.get('mcp_servers')!;
    expect(entry.rule).toBe('servers outside the allowlist are disabled');
    expect(entry.constraints).toEqual([
      { field: 'mcp_servers', value: { docs: { identity: { command: 'docs-mcp' } } }, sources: ['req.toml'] },
    ]);
  });

  it("-c mcp_servers.docs.enabled=false merges with the file's table instead of replacing it", async () => {
    const resolved = await resolve('', CONFIG, { overrides: ['mcp_servers.docs.enabled=false'] });
    expect(servers(resolved)).toStrictEqual({
      docs: { enabled: false, command: 'docs-mcp', args: ['--verbose'] },
      remote: { enabled: true, url: 'https://example.com/mcp' },
      hello: { enabled: false, command: 'hello-mcp' },
    });
    // An override cannot bring back a server the allowlist rejects.
    const forced = await resolve(DOCS, CONFIG, { overrides: ['mcp_servers.remote.enabled=true'] });
    expect(servers(forced).remote).toMatchObject({ enabled: false, url: 'https://example.com/mcp' });
  });

  it('a server with both command and url in config.toml stops resolving', async () => {
    const error = await resolve('', '[mcp_servers.docs]\ncommand = "x"\nurl = "https://x"\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostic).toMatchObject({
      kind: 'conflict',
      key: 'mcp_servers.docs',
      source: 'config.toml',
    });
  });

  it('an invalid regex stops loading, naming the server and the source', async () => {
    const error = await load('[mcp_servers.pricing.identity]\nurl = { match = "regex", expression = "(" }\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostic).toMatchObject({
      key: 'mcp_servers.pricing.identity.url.expression',
      source: 'req.toml',
    });
    expect((error as InputError).message).toContain('"pricing"');
  });
});

describe('mcp end to end: several requirement layers', () => {
  it("precedence: the highest layer's whole [mcp_servers] table wins", async () => {
    const resolved = await resolve([REMOTE, DOCS], CONFIG);
    expect(servers(resolved).remote!.enabled).toBe(true);
    expect(servers(resolved).docs).toMatchObject({
      enabled: false,
      disabled_reason: expect.stringContaining('set by high.toml'),
    });
    expect(resolved.entries.get('mcp_servers')!.constraints[0]!.sources).toEqual(['high.toml']);
    // An empty table in the higher layer is set, so it blocks the lower one.
    const blocked = await resolve(['[mcp_servers]\n', DOCS + REMOTE], CONFIG);
    expect(servers(blocked).docs!.enabled).toBe(false);
    expect(servers(blocked).remote!.enabled).toBe(false);
  });

  it('strict: the allowlists intersect, names and identities both', async () => {
    const resolved = await resolve([DOCS + REMOTE, DOCS], CONFIG, { mode: 'strict' });
    expect(servers(resolved).docs!.enabled).toBe(true);
    expect(servers(resolved).remote).toMatchObject({
      enabled: false,
      disabled_reason: expect.stringContaining('set by high.toml, low.toml'),
    });

    const withArgs = '[mcp_servers.docs.identity]\ncommand = { executable = "docs-mcp", args = ["--quiet"] }\n';
    const narrowed = await resolve([DOCS, withArgs], CONFIG, { mode: 'strict' });
    expect(servers(narrowed).docs).toMatchObject({ enabled: false });
    expect(servers(narrowed).docs!.disabled_reason).toContain('with args ["--quiet"]');
  });
});

describe('mcpGate: may this server start?', () => {
  const gate = async (requirements: string | [string, string], mode: LayeringMode = 'precedence') =>
    mcpGate(await load(requirements, mode));
  const PLUGIN = '[plugins."sample@test".mcp_servers.docs.identity]\ncommand = "docs-mcp"\n';

  it('answers for plain servers by name and identity', async () => {
    const ask = await gate(DOCS + REMOTE);
    expect(ask({ name: 'docs', command: 'docs-mcp', args: ['--any'] })).toEqual({ allowed: true });
    expect(ask({ name: 'remote', url: 'https://example.com/mcp' })).toEqual({ allowed: true });
    expect(ask({ name: 'docs', command: 'evil-mcp' })).toEqual({
      allowed: false,
      reason: expect.stringContaining('set by req.toml'),
    });
    expect(ask({ name: 'remote', command: 'remote-mcp' }).allowed).toBe(false);
    expect(ask({ name: 'renamed', command: 'docs-mcp' }).allowed).toBe(false);
    expect(ask({ name: 'docs', command: 'docs-mcp', url: 'https://x' }).allowed).toBe(false);
    expect(ask({ name: 'docs' }).allowed).toBe(false);
    const open = await gate('');
    expect(open({ name: 'anything', url: 'https://anywhere' })).toEqual({ allowed: true });
  });

  it('plugin servers answer to [plugins] when it is set', async () => {
    const ask = await gate(PLUGIN);
    expect(ask({ name: 'docs', plugin: 'sample@test', command: 'docs-mcp' })).toEqual({ allowed: true });
    expect(ask({ name: 'docs', plugin: 'sample@test', command: 'evil-mcp' }).allowed).toBe(false);
    expect(ask({ name: 'other', plugin: 'sample@test', command: 'docs-mcp' }).allowed).toBe(false);
    const unlisted = ask({ name: 'docs', plugin: 'acme@market', command: 'docs-mcp' });
    expect(unlisted).toEqual({
      allowed: false,
      reason: expect.stringContaining('plugin "acme@market" is not in the [plugins] allowlist set by req.toml'),
    });
    // [plugins] alone does not constrain servers the user configured.
    expect(ask({ name: 'anything', command: 'x' })).toEqual({ allowed: true });
  });

  it('an empty top-level allowlist disables plugin servers; a non-empty one does not restrict them', async () => {
    const empty = await gate('[mcp_servers]\n');
    expect(empty({ name: 'docs', plugin: 'sample@test', command: 'docs-mcp' })).toEqual({
      allowed: false,
      reason: expect.stringContaining('empty [mcp_servers] allowlist'),
    });
    const listed = await gate(DOCS);
    expect(listed({ name: 'unlisted', plugin: 'sample@test', command: 'anything' })).toEqual({ allowed: true });
    expect(listed({ name: 'unlisted', command: 'anything' }).allowed).toBe(false);
  });

  it('an empty top-level allowlist disables plugin servers even when [plugins] lists them (as Codex)', async () => {
    const ask = await gate('[mcp_servers]\n' + PLUGIN);
    expect(ask({ name: 'docs', plugin: 'sample@test', command: 'docs-mcp' }).allowed).toBe(false);
    // Strict layering must not loosen this either: a lower [plugins] cannot re-open what a higher empty allowlist closed.
    const strict = await gate(['[mcp_servers]\n', PLUGIN], 'strict');
    expect(strict({ name: 'docs', plugin: 'sample@test', command: 'docs-mcp' }).allowed).toBe(false);
  });

  it('refuses to build without the mcp provider', async () => {
    const policy = await loadPolicy([]);
    expect(() => mcpGate(policy)).toThrow(ProviderSetupError);
  });
});
