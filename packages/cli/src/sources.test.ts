import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from '@ratchet/core';
import { createHost } from '@ratchet/host';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatAge, sourcesCommand } from './commands/sources.js';
import { cloudOptionsFromEnv, platformSources } from './sources.js';

const linux: Platform = { os: 'linux', env: {}, homedir: '/home/u' };
/** A host on that platform. */
const on = (platform: Platform) => createHost({ services: { platform } });
const cloudEnv = {
  RATCHET_CLOUD_ENDPOINT: 'https://cloud.example/req',
  RATCHET_CLOUD_TOKEN: 'tok',
  RATCHET_CLOUD_IDENTITY: 'acct/user',
  RATCHET_CLOUD_CACHE_KEY: 'key',
};

describe('platformSources', () => {
  it('without variables: the system file and the legacy managed config', () => {
    expect(platformSources(on(linux), {}).map((s) => s.id)).toEqual([
      'system:/etc/codex/requirements.toml',
      'legacy:/etc/codex/managed_config.toml',
    ]);
  });

  it('adds cloud and MDM (highest first) when configured', () => {
    const env = { ...cloudEnv, RATCHET_MDM_REQUIREMENTS_FILE: '/etc/codex/mdm.b64' };
    expect(platformSources(on(linux), env).map((s) => s.id)).toEqual([
      'cloud:https://cloud.example/req',
      'mdm:$RATCHET_MDM_REQUIREMENTS_BASE64,/etc/codex/mdm.b64',
      'system:/etc/codex/requirements.toml',
      'legacy:/etc/codex/managed_config.toml',
    ]);
    expect(platformSources(on({ ...linux, os: 'darwin' }), {}).map((s) => s.id)[0]).toBe(
      'mdm:com.openai.codex:requirements_toml_base64',
    );
  });

  it('reads the cloud options, with defaults under CODEX_HOME', () => {
    expect(cloudOptionsFromEnv(linux, cloudEnv)).toEqual({
      endpoint: 'https://cloud.example/req',
      token: 'tok',
      identity: 'acct/user',
      cacheKey: 'key',
      cacheFile: '/home/u/.codex/ratchet-cloud-requirements.cache',
      failClosed: false,
      baseDir: '/home/u/.codex',
    });
    expect(
      cloudOptionsFromEnv(linux, {
        ...cloudEnv,
        CODEX_HOME: '/opt/ch',
        RATCHET_CLOUD_FAIL_CLOSED: '1',
        RATCHET_CLOUD_CACHE_FILE: '/var/c',
      }),
    ).toMatchObject({
      cacheFile: '/var/c',
      failClosed: true,
      baseDir: '/opt/ch',
    });
    expect(cloudOptionsFromEnv(linux, { RATCHET_CLOUD_ENDPOINT: 'https://x', RATCHET_CLOUD_TOKEN: 't' })).toEqual({
      missing: ['RATCHET_CLOUD_IDENTITY', 'RATCHET_CLOUD_CACHE_KEY'],
    });
  });

  it('an incomplete cloud configuration is a source that reports what is missing', async () => {
    const [cloud] = platformSources(on(linux), { RATCHET_CLOUD_ENDPOINT: 'https://x' });
    const result = await cloud!.load();
    expect(result.diagnostics[0]).toMatchObject({
      severity: 'error',
      message: expect.stringContaining(
        'RATCHET_CLOUD_TOKEN, RATCHET_CLOUD_IDENTITY, RATCHET_CLOUD_CACHE_KEY are not set',
      ),
    });
  });
});

describe('ratchet sources', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let status = 200;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ratchet-cli-sources-'));
    status = 200;
    server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ toml: 'allowed_approval_policies = ["never"]\n' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/req`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  function capture() {
    let text = '';
    return {
      write: (chunk: string) => (text += chunk),
      get text() {
        return text;
      },
    };
  }

  const env = () => ({
    ...cloudEnv,
    RATCHET_CLOUD_ENDPOINT: url,
    CODEX_HOME: dir,
    RATCHET_MDM_REQUIREMENTS_BASE64: Buffer.from('allowed_sandbox_modes = ["read-only"]').toString('base64'),
  });

  it('lists every source, whether it gave a layer, where from and how old', async () => {
    const out = capture();
    expect(await sourcesCommand([], out, capture(), env())).toBe(0);
    const text = out.text;
    expect(text).toContain(`cloud:${url}\n`);
    expect(text).toContain(`  read: 1 layer (fetched from ${url} just now)`);
    expect(text).toContain('  read: 1 layer (from $RATCHET_MDM_REQUIREMENTS_BASE64)');
    expect(text).toContain(
      'system:/etc/codex/requirements.toml\n  requirements file /etc/codex/requirements.toml\n  absent',
    );
    expect(text).toMatch(/^mdm-legacy\n.*\n {2}not configured: set RATCHET_MDM_MANAGED_CONFIG_BASE64 /m);
    const again = capture();
    await sourcesCommand(['--json'], again, capture(), env());
    const json = JSON.parse(again.text) as {
      ok: boolean;
      sources: { id: string; status: string; layers: number; detail?: { from: string; ageMs: number } }[];
    };
    expect(json.ok).toBe(true);
    expect(json.sources[0]).toMatchObject({
      id: `cloud:${url}`,
      layers: 1,
      detail: { from: 'cache', location: join(dir, 'ratchet-cloud-requirements.cache') },
    });
    expect(json.sources[0]!.detail!.ageMs).toBeGreaterThanOrEqual(0);
    expect(json.sources.map((s) => [s.id.split(':')[0], s.status])).toEqual([
      ['cloud', 'read'],
      ['mdm', 'read'],
      ['system', 'absent'],
      ['mdm-legacy', 'not-configured'],
      ['legacy', 'absent'],
    ]);
  });

  it('still lists the other sources when one fails, and exits 2', async () => {
    status = 500;
    const out = capture();
    const bad = join(dir, 'bad.toml');
    writeFileSync(bad, 'x = [');
    const code = await sourcesCommand([], out, capture(), {
      ...env(),
      RATCHET_CLOUD_FAIL_CLOSED: '1',
      RATCHET_MDM_REQUIREMENTS_BASE64: 'not base64!',
    });
    expect(code).toBe(2);
    expect(out.text).toContain('  error: cloud requirements: cannot get cloud requirements from');
    expect(out.text).toContain('  error: MDM $RATCHET_MDM_REQUIREMENTS_BASE64: payload is not valid base64');
    expect(out.text).toContain('system:/etc/codex/requirements.toml');
    const named = capture();
    expect(await sourcesCommand(['--requirements', bad, '--json'], named, capture(), {})).toBe(2);
    expect((JSON.parse(named.text) as { sources: unknown }).sources).toEqual([
      expect.objectContaining({
        id: `file:${bad}`,
        layers: 0,
        diagnostics: [expect.objectContaining({ kind: 'toml-syntax' })],
      }),
    ]);
  });

  it('warns without failing when the cloud is down and fail-open', async () => {
    status = 503;
    const out = capture();
    expect(await sourcesCommand(['--no-default-sources'], out, capture(), env())).toBe(0);
    expect(out.text).toBe('no requirements sources (--no-default-sources: the default ones are not read)\n');
    const open = capture();
    expect(await sourcesCommand([], open, capture(), env())).toBe(0);
    expect(open.text).toMatch(
      / {2}dropped: no layer, because:\n {2}note: .*\n {2}warning: cloud requirements: cannot get cloud requirements .*continuing without them/,
    );
  });
});

describe('formatAge', () => {
  it('is short and readable', () => {
    expect([850, 12_000, 252_000, 7_500_000].map(formatAge)).toEqual(['850 ms', '12 s', '4 min 12 s', '2 h 5 min']);
  });
});
