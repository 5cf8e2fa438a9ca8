import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_REQUIREMENTS,
  examples,
  expectInputError,
  fileScopedDir,
  lines,
  parseJson,
  runRatchet,
} from './helpers.js';

const dir = fileScopedDir('ratchet-cli-mcp-');

// The worked example of the MCP allowlist change: two configured servers, one allowlisted.
const config = dir.write(
  'config.toml',
  '[mcp_servers.hello_world]\ncommand = "hello-world-mcp"\n\n[mcp_servers.docs]\ncommand = "docs-mcp"\n',
);
const allowHello = dir.write('allow-hello.toml', '[mcp_servers.hello_world.identity]\ncommand = "hello-world-mcp"\n');
const allowHelloV2 = dir.write(
  'allow-hello-v2.toml',
  '[mcp_servers.hello_world.identity]\ncommand = "hello-world-mcp-v2"\n',
);

/** `ratchet mcp list` rows as { name: [command, args, status, reason] }. */
async function mcpList(requirements: readonly string[]) {
  // Wide enough that no row wraps: the cells are split on runs of spaces.
  const result = await runRatchet(['mcp', 'list', ...requirements, '--config', config], { env: { COLUMNS: '400' } });
  if (result.status !== 0) throw new Error(result.stderr);
  const rows = lines(result.stdout)
    .slice(2)
    .map((l) => l.split(/\s{2,}/));
  return Object.fromEntries(rows.map(([name, ...cells]) => [name!, cells]));
}

describe('the allowlist example, step by step, through ratchet mcp list', () => {
  it('1. allowlisting hello_world: hello_world enabled, docs disabled with the reason', async ({ expect }) => {
    const rows = await mcpList(['--requirements', allowHello]);
    expect(rows.hello_world).toEqual(['hello-world-mcp', '-', 'enabled', '-']);
    expect(rows.docs!.slice(0, 3)).toEqual(['docs-mcp', '-', 'disabled']);
    expect(rows.docs![3]).toContain(allowHello);
  });

  it('2. without requirements: both enabled', async ({ expect }) => {
    const rows = await mcpList(['--no-default-sources']);
    expect(rows.hello_world!.slice(0, 3)).toEqual(['hello-world-mcp', '-', 'enabled']);
    expect(rows.docs!.slice(0, 3)).toEqual(['docs-mcp', '-', 'enabled']);
  });

  it('3. allowlisting a different command for hello_world: both disabled', async ({ expect }) => {
    const rows = await mcpList(['--requirements', allowHelloV2]);
    expect(rows.hello_world![2]).toBe('disabled');
    expect(rows.hello_world![3]).toContain('hello-world-mcp-v2');
    expect(rows.docs![2]).toBe('disabled');
  });
});

describe.concurrent('MCP servers through resolve, explain and errors', () => {
  it('resolve --json carries enabled and disabled_reason per server, and warns per disabled server', async ({
    expect,
  }) => {
    const result = await runRatchet(['resolve', '--requirements', allowHello, '--config', config, '--json']);
    const out = parseJson<{
      effective: { mcp_servers: Record<string, { enabled: boolean; disabled_reason?: string }> };
      warnings: { key: string }[];
    }>(result);
    expect(out.effective.mcp_servers.hello_world).toEqual({ enabled: true, command: 'hello-world-mcp' });
    expect(out.effective.mcp_servers.docs).toMatchObject({
      enabled: false,
      disabled_reason: expect.stringContaining(allowHello),
    });
    expect(out.warnings.map((w) => w.key)).toEqual(['mcp_servers.docs']);
  });

  it('explain mcp_servers.<name> tells why a server is disabled', async ({ expect }) => {
    const result = await runRatchet(['explain', 'mcp_servers.scratch', ...examples]);
    expect(result.status).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(/^mcp_servers\.scratch = \{ enabled = false, command = "scratch-mcp", disabled_reason = /);
    expect(out).toContain('  part of: mcp_servers (provider mcp)');
    expect(out.join('\n')).toContain(
      `constrained by: mcp_servers = { docs = { identity = { command = "docs-mcp" } } }, set by ${EXAMPLE_REQUIREMENTS}`,
    );
    expect(out.join('\n')).toContain('warning: ');
  });

  it('explain mcp_servers.<name> --json gives the part and the whole story', async ({ expect }) => {
    const out = parseJson<{ key: string; value: { enabled: boolean }; part_of: { key: string; provider: string } }>(
      await runRatchet(['explain', 'mcp_servers.docs', ...examples, '--json']),
    );
    expect(out).toMatchObject({
      key: 'mcp_servers.docs',
      value: { enabled: true },
      part_of: { key: 'mcp_servers', provider: 'mcp' },
    });
  });

  it('an invalid regex in an identity stops loading, naming the server and the file', async ({ expect }) => {
    const file = dir.write(
      'regex.toml',
      '[mcp_servers.docs.identity]\nurl = { match = "regex", expression = "https://(" }\n',
    );
    const line = expectInputError(
      await runRatchet(['resolve', '--requirements', file, '--config', config]),
      file,
      'mcp_servers.docs.identity.url.expression',
    );
    expect(line).toContain('"docs"');
  });

  it('an unknown key in a matcher table stops loading', async () => {
    const file = dir.write(
      'matcher.toml',
      '[mcp_servers.docs.identity]\nurl = { match = "prefix", value = "https://", anchor = true }\n',
    );
    expectInputError(
      await runRatchet(['resolve', '--requirements', file, '--config', config]),
      file,
      'mcp_servers.docs.identity.url.anchor',
    );
  });

  it('the early name [mcp_server_allowlist] is not enforced, and says so', async ({ expect }) => {
    const file = dir.write('early.toml', '[mcp_server_allowlist.hello_world]\ncommand = "hello-world-mcp"\n');
    const result = await runRatchet(['resolve', '--requirements', file, '--config', config, '--json']);
    // A warning about the requirements themselves also goes to stderr, one line.
    expect(result.stderr).toMatch(/^ratchet: warning: .*early\.toml: mcp_server_allowlist: .*not read[^\n]*\n$/);
    const out = JSON.parse(result.stdout) as {
      effective: { mcp_servers: Record<string, { enabled: boolean }> };
      warnings: { key: string; kind: string }[];
    };
    expect(out.effective.mcp_servers.docs!.enabled).toBe(true);
    expect(out.warnings).toEqual([expect.objectContaining({ key: 'mcp_server_allowlist', kind: 'not-enforced' })]);
  });

  it('a -c override disables one server without dropping the rest of the table', async ({ expect }) => {
    const result = await runRatchet([
      'resolve',
      '--no-default-sources',
      '--config',
      config,
      '-c',
      'mcp_servers.docs.enabled=false',
      '--json',
    ]);
    const out = parseJson<{ effective: { mcp_servers: Record<string, { enabled: boolean; command: string }> } }>(
      result,
    );
    expect(out.effective.mcp_servers).toEqual({
      hello_world: { enabled: true, command: 'hello-world-mcp' },
      docs: { enabled: false, command: 'docs-mcp' },
    });
  });

  it('a user server with neither command nor url is a config error', async () => {
    const bad = dir.write('bad-config.toml', '[mcp_servers.docs]\nargs = ["x"]\n');
    expectInputError(await runRatchet(['resolve', '--no-default-sources', '--config', bad]), bad, 'mcp_servers.docs');
  });

  it('check-write judges an edit inside mcp_servers on that server only', async ({ expect }) => {
    const ok = await runRatchet(['check-write', 'mcp_servers.docs.enabled=false', ...examples]);
    expect(ok.status).toBe(0);
    const refused = await runRatchet(['check-write', 'mcp_servers.scratch.enabled=true', ...examples]);
    expectInputError(refused, 'mcp_servers.scratch.enabled = true', 'mcp_servers = { docs', EXAMPLE_REQUIREMENTS);
  });

  it('mcp without a known subcommand is a usage error', async ({ expect }) => {
    const result = await runRatchet(['mcp', 'show']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('list');
  });
});

describe('ratchet mcp check: may this server start?', () => {
  it('allows a listed server with its identity, refuses another command or an unlisted name, with the reason', async () => {
    const ask = async (...args: string[]) =>
      parseJson<{ allowed: boolean; reason?: string }>(
        await runRatchet(['mcp', 'check', ...args, '--requirements', allowHello, '--json']),
      );
    expect(await ask('hello_world', '--command', 'hello-world-mcp', '--arg=--port=1')).toMatchObject({
      allowed: true,
    });
    expect((await ask('hello_world', '--command', 'other-mcp')).allowed).toBe(false);
    expect((await ask('hello_world', '--url', 'https://mcp.example.com')).allowed).toBe(false);
    const unlisted = await ask('stranger', '--command', 'hello-world-mcp');
    expect(unlisted.allowed).toBe(false);
    expect(unlisted.reason).toContain('stranger');
    const text = await runRatchet(['mcp', 'check', 'stranger', '--command', 'x', '--requirements', allowHello]);
    expect(text.stdout).toMatch(/^not allowed: /);
    const usage = await runRatchet(['mcp', 'check', 'hello_world', '--requirements', allowHello]);
    expect(usage.status).toBe(2);
  });
});
