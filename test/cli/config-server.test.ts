import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@ratchet/test-utils';
import { expectInputError, fileScopedDir, parseJson, runRatchet, type ResolveJson } from './helpers.js';

// [config_server] base_url is a requirements source: the command fetches it at start-up through the cloud source.
// The server is local (HTTPS with a certificate made for 127.0.0.1, trusted through NODE_EXTRA_CA_CERTS): these tests
// never reach the network.
const fixtures = join(repoRoot, 'test/cli/fixtures');
const cert = join(fixtures, 'config-server.cert.pem');
const dir = fileScopedDir('ratchet-cli-config-server-');
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let base = '';
let refused = '';
let failing = '';

beforeAll(async () => {
  server = createServer(
    { key: readFileSync(join(fixtures, 'config-server.key.pem')), cert: readFileSync(cert) },
    (req, res) => {
      requests.push({ url: req.url ?? '', headers: req.headers });
      if (req.url?.startsWith('/broken')) return void res.writeHead(503).end('busy');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ toml: 'allowed_sandbox_modes = ["read-only"]\nmodel_provider = "ollama"\n' }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `https://127.0.0.1:${port}/policies`;
  failing = `https://127.0.0.1:${port}/broken`;
  // A port that refuses: bound once, then closed.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  refused = `https://127.0.0.1:${(closed.address() as AddressInfo).port}/policies`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const env = (extra: Record<string, string> = {}) => ({ NODE_EXTRA_CA_CERTS: cert, ...extra });
const requirements = (url: string, more = '') =>
  dir.write(`req-${requests.length}-${Math.random()}.toml`, `${more}[config_server]\nbase_url = "${url}"\n`);
const config = dir.write('config.toml', 'sandbox_mode = "workspace-write"\nmodel_provider = "openai"\n');

describe('[config_server] end to end (hang guard: 120 s per test on a loaded machine)', () => {
  it(
    'fetches the requirements at start-up; its layer ranks above the file that named it',
    { timeout: 120_000 },
    async () => {
      const file = requirements(base, 'model_provider = "lmstudio"\n');
      const result = await runRatchet(['resolve', '--requirements', file, '--config', config, '--json'], {
        env: env({ RATCHET_CONFIG_SERVER_TOKEN: 's3cret' }),
      });
      const out = parseJson<ResolveJson & { layers: { source: string; kind: string }[] }>(result);
      expect(out.effective).toMatchObject({
        sandbox_mode: 'read-only',
        model_provider: 'ollama',
        config_server: { base_url: base },
      });
      expect(out.layers.map((l) => [l.source, l.kind])).toEqual([
        ['config server requirements', 'cloud'],
        [file, 'file'],
      ]);
      expect(out.provenance.sandbox_mode!.constraints[0]!.sources).toEqual(['config server requirements']);
      expect(requests.at(-1)).toMatchObject({ url: '/policies', headers: { authorization: 'Bearer s3cret' } });
    },
  );

  it(
    'an unreachable server stops loading with one line naming it, as Codex 0.171 does',
    { timeout: 120_000 },
    async () => {
      for (const url of [refused, failing]) {
        const result = await runRatchet(
          ['resolve', '--requirements', requirements(url), '--config', config, '--json'],
          { env: env() },
        );
        expectInputError(result, 'config server requirements', url);
        expect(result.stdout).toBe('');
      }
    },
  );

  it(
    'with a cache key an answer is cached, signed, and the next start uses it without asking again',
    { timeout: 120_000 },
    async () => {
      const cacheFile = join(dir.path, 'config-server.cache');
      const vars = env({ RATCHET_CONFIG_SERVER_CACHE_KEY: 'k3y', RATCHET_CONFIG_SERVER_CACHE_FILE: cacheFile });
      const first = await runRatchet(['resolve', '--requirements', requirements(base), '--config', config, '--json'], {
        env: vars,
      });
      expect(parseJson<ResolveJson>(first).effective.sandbox_mode).toBe('read-only');
      const seen = requests.length;
      const again = await runRatchet(['resolve', '--requirements', requirements(base), '--config', config, '--json'], {
        env: vars,
      });
      expect(parseJson<ResolveJson>(again).effective.sandbox_mode).toBe('read-only');
      expect(requests.length).toBe(seen);
      expect(readFileSync(cacheFile, 'utf8')).toContain('allowed_sandbox_modes');
    },
  );
});
