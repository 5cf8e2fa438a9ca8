import { execFileSync } from 'node:child_process';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { hasStackTrace } from '@ratchet/test-utils';
import { fileScopedDir, lines, runRatchet, type RunResult } from './helpers.js';

// A cloud source whose service fails must end in the documented fail-open (go on without the layer, warn on
// stderr and in --json `warnings`) or fail-closed (exit 2, one line): never exit 13, never silence.
const dir = fileScopedDir('ratchet-cli-cloud-failures-');
const servers: Server[] = [];

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/requirements`;
}

const endpoints: Record<string, string> = {};
beforeAll(async () => {
  // A port that refuses: bound once, then closed.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  endpoints.refused = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/requirements`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  endpoints['5xx'] = await serve((_req, res) => res.writeHead(503).end('busy'));
  endpoints['401'] = await serve((_req, res) => res.writeHead(401).end());
  endpoints.html = await serve((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Sign in</body></html>'),
  );
  endpoints['bad TOML'] = await serve((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/toml' }).end('allowed_sandbox_modes = ['),
  );
  endpoints['too large'] = await serve((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/toml' }).end(`# ${'x'.repeat(5 * 1024 * 1024)}\n`),
  );
  endpoints.silent = await serve(() => undefined); // never answers
});
afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

let caches = 0;
function env(endpoint: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    RATCHET_CLOUD_ENDPOINT: endpoint,
    RATCHET_CLOUD_TOKEN: 't0k3n',
    RATCHET_CLOUD_IDENTITY: 'alice@example.com',
    RATCHET_CLOUD_CACHE_KEY: 'test-cache-key',
    RATCHET_CLOUD_CACHE_FILE: `${dir.path}/cache-${++caches}`,
    ...extra,
  };
}

const config = dir.write('config.toml', 'approval_policy = "on-request"\n');
/** Every command that loads the requirements, with --json. */
const COMMANDS: Readonly<Record<string, () => string[]>> = {
  resolve: () => ['resolve', '--config', config, '--json'],
  explain: () => ['explain', 'approval_policy', '--config', config, '--json'],
  check: () => ['check', '--json', '--', 'ls'],
  'mcp list': () => ['mcp', 'list', '--config', config, '--json'],
  'hooks run': () => ['hooks', 'run', 'PreToolUse', '--config', config, '--json'],
  'check-domain': () => ['check-domain', 'example.com', '--config', config, '--json'],
  'check-write': () => ['check-write', 'model="o3"', '--config', config, '--json'],
  'config set': () => ['config', 'set', 'model', 'o3', '--file', dir.write(`set-${++caches}.toml`, ''), '--json'],
  sources: () => ['sources', '--json'],
};

/** Fail-open: exit 0, the dropped layer on stderr (one warning line) and in the JSON `warnings`. */
function expectFailOpen(result: RunResult, why: RegExp): void {
  const where = `status ${result.status}, stderr: ${result.stderr}`;
  if (result.status !== 0) throw new Error(`expected exit 0 (${where})`);
  const warning = lines(result.stderr).find(
    (l) => l.startsWith('ratchet: warning: cloud requirements: ') && l.includes('continuing without them'),
  );
  if (!warning || !why.test(warning)) throw new Error(`expected a warning on stderr matching ${why} (${where})`);
  const json = JSON.parse(result.stdout) as { warnings?: { source?: string; message: string }[] };
  const listed = json.warnings?.find((w) => w.source === 'cloud requirements' && why.test(w.message));
  if (!listed) throw new Error(`expected the warning in --json warnings: ${result.stdout}`);
}

/** Fail-closed: exit 2, nothing on stdout, one line naming the cloud source. */
function expectFailClosed(result: RunResult, why: RegExp): void {
  const where = `status ${result.status}, stderr: ${result.stderr}`;
  if (result.status !== 2 || result.stdout !== '' || hasStackTrace(result.stderr))
    throw new Error(`expected exit 2 with nothing on stdout (${where})`);
  const [line, ...more] = lines(result.stderr);
  if (more.length > 0 || !line?.startsWith('ratchet: cloud requirements: ') || !why.test(line))
    throw new Error(`expected one line naming cloud requirements and ${why} (${where})`);
}

describe.concurrent('cloud failures: never exit 13, never silent', () => {
  for (const [scenario, why] of [
    ['refused', /ECONNREFUSED.*after 3 attempts/],
    ['5xx', /HTTP 503 after 3 attempts/],
  ] as const) {
    for (const [name, args] of Object.entries(COMMANDS)) {
      it(`${scenario}: ${name} goes on without the layer and warns`, async ({ expect }) => {
        const result = await runRatchet(args(), { env: env(endpoints[scenario]!) });
        expectFailOpen(result, why);
        expect(result.status).toBe(0);
      });
    }
    for (const name of ['resolve', 'check', 'sources']) {
      it(`${scenario}: ${name} with RATCHET_CLOUD_FAIL_CLOSED=1 exits 2 with one line`, async ({ expect }) => {
        const result = await runRatchet(COMMANDS[name]!(), {
          env: env(endpoints[scenario]!, { RATCHET_CLOUD_FAIL_CLOSED: '1' }),
        });
        if (name === 'sources') {
          // `sources` lists every source; the failed one is an error in its report, and the exit status says so.
          expect(result.status).toBe(2);
          const report = JSON.parse(result.stdout) as {
            ok: boolean;
            sources: { diagnostics: { message: string }[] }[];
          };
          expect(report.ok).toBe(false);
          expect(report.sources[0]!.diagnostics.map((d) => d.message).join('\n')).toMatch(why);
        } else expectFailClosed(result, why);
      });
    }
  }

  for (const [scenario, why] of [
    ['401', /HTTP 401 \(the token was refused\)/],
    ['html', /not valid TOML/],
    ['bad TOML', /not valid TOML/],
    ['too large', /larger than/],
  ] as const) {
    it(`${scenario}: the dropped layer is a warning of resolve and check, on stderr and in --json`, async () => {
      expectFailOpen(await runRatchet(COMMANDS.resolve!(), { env: env(endpoints[scenario]!) }), why);
      expectFailOpen(await runRatchet(COMMANDS.check!(), { env: env(endpoints[scenario]!) }), why);
      expectFailClosed(
        await runRatchet(COMMANDS.resolve!(), { env: env(endpoints[scenario]!, { RATCHET_CLOUD_FAIL_CLOSED: '1' }) }),
        why,
      );
    });
  }

  it('a service that never answers is given up on at the overall bound (5 s), open or closed', async () => {
    const [open, closed] = await Promise.all([
      runRatchet(COMMANDS.resolve!(), { env: env(endpoints.silent!) }),
      runRatchet(COMMANDS.resolve!(), { env: env(endpoints.silent!, { RATCHET_CLOUD_FAIL_CLOSED: '1' }) }),
    ]);
    expectFailOpen(open, /no answer within 5000 ms/);
    expectFailClosed(closed, /no answer within 5000 ms/);
  });

  it('a bad cache (garbage, a folder, /dev/zero, a FIFO) with the service down is noted, then fails open or closed', async ({
    expect,
  }) => {
    const garbage = dir.write('garbage.cache', '\u0000\u00ff not a cache');
    const folder = `${dir.path}/folder.cache`;
    execFileSync('mkdir', [folder]);
    const caches = [garbage, folder];
    if (process.platform !== 'win32') {
      caches.push('/dev/zero');
      const fifo = `${dir.path}/fifo.cache`;
      execFileSync('mkfifo', [fifo]);
      caches.push(fifo);
    }
    for (const cache of caches) {
      const open = await runRatchet(COMMANDS.resolve!(), {
        env: env(endpoints['5xx']!, { RATCHET_CLOUD_CACHE_FILE: cache }),
      });
      expectFailOpen(open, /HTTP 503/);
      expect(open.stderr, cache).toMatch(new RegExp(`warning: cloud requirements: .*the cache ${cache}`));
      const closed = await runRatchet(COMMANDS.resolve!(), {
        env: env(endpoints['5xx']!, { RATCHET_CLOUD_CACHE_FILE: cache, RATCHET_CLOUD_FAIL_CLOSED: '1' }),
      });
      expect(closed.status, closed.stderr).toBe(2);
      expect(hasStackTrace(closed.stderr)).toBe(false);
    }
  }, 120_000); // eight processes in a row, each retrying a failing service: a hang guard, not a speed claim
});
