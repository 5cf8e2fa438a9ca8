import { describe, it } from 'vitest';
import {
  EXAMPLE_REQUIREMENTS,
  examples,
  expectInputError,
  fileScopedDir,
  lines,
  parseJson,
  runRatchet,
} from './helpers.js';

const dir = fileScopedDir('ratchet-cli-network-');

interface DomainJson {
  decision: string;
  host: string;
  entry?: { pattern: string; list: string; from: string; sources: string[] };
  allowlist_miss: string;
}
const checkDomain = async (...args: string[]) =>
  parseJson<DomainJson>(await runRatchet(['check-domain', ...args, ...examples, '--json']));

describe.concurrent('ratchet check-domain on the example policy', () => {
  it('allows a host under a managed wildcard, naming the entry and its source', async ({ expect }) => {
    const out = await checkDomain('api.example.com');
    expect(out).toMatchObject({
      decision: 'allow',
      entry: { pattern: '*.example.com', list: 'allow', from: 'managed', sources: [EXAMPLE_REQUIREMENTS] },
    });
  });

  it('denies a denylisted host however it is spelt (case, trailing dot)', async ({ expect }) => {
    for (const host of ['paste.example.net', 'PASTE.Example.NET', 'paste.example.net.']) {
      expect((await checkDomain(host)).decision, host).toBe('deny');
    }
  });

  it('asks for a host no entry matches, in a restricted sandbox mode', async ({ expect }) => {
    expect(await checkDomain('other.org')).toMatchObject({ decision: 'ask', allowlist_miss: 'ask' });
  });

  it('denies allowlist misses without asking under managed_allowed_domains_only', async ({ expect }) => {
    const req = dir.write(
      'only.toml',
      '[experimental_network]\nenabled = true\nmanaged_allowed_domains_only = true\n\n[experimental_network.domains]\n"*.example.com" = "allow"\n',
    );
    const out = parseJson<DomainJson>(
      await runRatchet([
        'check-domain',
        'other.org',
        '--requirements',
        req,
        '--config',
        dir.write('c.toml', ''),
        '--json',
      ]),
    );
    expect(out).toMatchObject({ decision: 'deny', allowlist_miss: 'deny' });
  });

  it('prints the decision and the entry as text', async ({ expect }) => {
    const result = await runRatchet(['check-domain', 'api.example.com', ...examples]);
    expect(result.status).toBe(0);
    expect(lines(result.stdout)[0]).toBe('decision: allow (allowlisted)');
    expect(result.stdout).toContain('"*.example.com"');
  });

  it("counts network_rule hosts from --rules files as the user's, naming the file and line; a broken rules file is exit 2", async ({
    expect,
  }) => {
    const rules = dir.write(
      'net.rules',
      'network_rule(host = "Docs.RS:443", protocol = "https", decision = "allow")\nnetwork_rule("other.org", "http", "deny")\n',
    );
    const domain = async (host: string) =>
      parseJson<DomainJson>(await runRatchet(['check-domain', host, '--rules', rules, ...examples, '--json']));
    expect(await domain('docs.rs')).toMatchObject({
      decision: 'allow',
      entry: { pattern: 'docs.rs', from: 'rules', sources: [`${rules} 1:1`] },
    });
    expect(await domain('other.org')).toMatchObject({
      decision: 'deny',
      entry: { from: 'rules', sources: [`${rules} 2:1`] },
    });
    expect((await domain('paste.example.net')).entry).toMatchObject({ from: 'managed' });
    const broken = dir.write('broken.rules', 'network_rule("*.docs.rs", "https", "allow")\n');
    expectInputError(
      await runRatchet(['check-domain', 'docs.rs', '--rules', broken, ...examples]),
      broken,
      'wildcards are not allowed',
    );
  });

  it('refuses mixing legacy lists and maps in one block, exit 2', async () => {
    const req = dir.write(
      'mixed.toml',
      '[experimental_network]\nallowed_domains = ["a.com"]\n\n[experimental_network.domains]\n"b.com" = "allow"\n',
    );
    expectInputError(
      await runRatchet(['check-domain', 'a.com', '--requirements', req, '--config', dir.write('e.toml', '')]),
      req,
      'cannot be combined',
    );
  });
});

describe.concurrent('ratchet sources', () => {
  it('lists the default sources, with the MDM payload a test passes through the environment', async ({ expect }) => {
    const payload = Buffer.from('allowed_sandbox_modes = ["read-only"]\n').toString('base64');
    const result = await runRatchet(['sources', '--json'], { env: { RATCHET_MDM_REQUIREMENTS_BASE64: payload } });
    expect(result.status).toBe(0);
    const { ok, sources: list } = JSON.parse(result.stdout) as {
      ok: boolean;
      sources: { id: string; status: string; layers: number }[];
    };
    expect(ok).toBe(true);
    expect(list.map((s) => [s.id, s.status])).toEqual([
      ['cloud', 'not-configured'],
      ['mdm:$RATCHET_MDM_REQUIREMENTS_BASE64', 'read'],
      ['system:/etc/codex/requirements.toml', 'absent'],
      ['mdm-legacy', 'not-configured'],
      ['legacy:/etc/codex/managed_config.toml', 'absent'],
    ]);
    expect(list[1]!.layers).toBe(1);
  });
});
