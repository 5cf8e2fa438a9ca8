import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { fileScopedDir, lines, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-precedence-');

// Cloud sets approval policies; the MDM payload sets them too, plus sandbox modes. Per field, cloud wins where it
// speaks and MDM fills the rest, and explain names the layer behind each field.
const CLOUD = 'allowed_approval_policies = ["on-request"]\n';
const MDM = 'allowed_approval_policies = ["never"]\nallowed_sandbox_modes = ["read-only"]\n';

let server: Server;
let endpoint = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    if (request.headers.authorization !== 'Bearer t0k3n') return void response.writeHead(401).end();
    response.writeHead(200, { 'content-type': 'application/toml' }).end(CLOUD);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/requirements`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const env = () => ({
  RATCHET_CLOUD_ENDPOINT: endpoint,
  RATCHET_CLOUD_TOKEN: 't0k3n',
  RATCHET_CLOUD_IDENTITY: 'alice@example.com',
  RATCHET_CLOUD_CACHE_KEY: 'test-cache-key',
  RATCHET_CLOUD_CACHE_FILE: `${dir.path}/cloud.cache`,
  RATCHET_MDM_REQUIREMENTS_BASE64: Buffer.from(MDM).toString('base64'),
});

describe('default sources, highest first: cloud, then MDM (then system and legacy)', () => {
  it('cloud wins a field both set; MDM fills the field cloud leaves unset; explain names each layer', async ({
    expect,
  }) => {
    const approvals = await runRatchet(['explain', 'allowed_approval_policies'], { env: env() });
    expect(approvals.status, approvals.stderr).toBe(0);
    expect(lines(approvals.stdout)).toEqual(
      expect.arrayContaining(['allowed_approval_policies = ["on-request"]', '  set by: cloud requirements']),
    );
    const sandbox = await runRatchet(['explain', 'allowed_sandbox_modes'], { env: env() });
    expect(lines(sandbox.stdout)).toEqual(
      expect.arrayContaining([
        'allowed_sandbox_modes = ["read-only"]',
        '  set by: MDM $RATCHET_MDM_REQUIREMENTS_BASE64',
      ]),
    );
    expect(requests).toBeGreaterThan(0);
  });

  it('ratchet sources lists cloud and MDM with the layers they gave', async ({ expect }) => {
    const result = await runRatchet(['sources', '--json'], { env: env() });
    expect(result.status, result.stderr).toBe(0);
    const { sources } = JSON.parse(result.stdout) as { sources: { id: string; layers: number }[] };
    expect(sources.slice(0, 2).map((s) => [s.id.split(':')[0], s.layers])).toEqual([
      ['cloud', 1],
      ['mdm', 1],
    ]);
  });
});

describe('the MDM legacy managed config (config_toml_base64)', () => {
  it("both sets the top config layer and constrains, under Codex's legacy label", async ({ expect }) => {
    const managed = Buffer.from('approval_policy = "on-request"\nsandbox_mode = "workspace-write"\n').toString(
      'base64',
    );
    const config = dir.write('user.toml', 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n');
    const result = await runRatchet(['resolve', '--config', config, '--json'], {
      env: { RATCHET_MDM_MANAGED_CONFIG_BASE64: managed },
    });
    expect(result.status, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      effective: Record<string, unknown>;
      provenance: Record<string, { requested?: { source: string } }>;
    };
    expect(out.effective).toMatchObject({ approval_policy: 'on-request', sandbox_mode: 'workspace-write' });
    expect(out.provenance.approval_policy?.requested?.source).toBe('MDM managed_config.toml (legacy)');
    const explained = await runRatchet(['explain', 'allowed_sandbox_modes', '--config', config], {
      env: { RATCHET_MDM_MANAGED_CONFIG_BASE64: managed },
    });
    expect(lines(explained.stdout)).toEqual(
      expect.arrayContaining([
        'allowed_sandbox_modes = ["read-only", "workspace-write"]',
        '  set by: MDM managed_config.toml (legacy)',
      ]),
    );
  });
});
