/** Test-only: a real HTTP server on 127.0.0.1 for the cloud source tests (excluded from the build). */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { cloudRequirementsSource, type CloudSourceOptions } from './cloud.js';

export type Handler = (req: IncomingMessage, res: ServerResponse, call: number) => void;

export interface TestServer {
  readonly url: string;
  /** Headers of every request received, in order. */
  readonly requests: IncomingHttpHeaders[];
  /** Replaces the handler (e.g. to make the service fail after a first success). */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  let current = handler;
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    current(req, res, requests.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/requirements`,
    requests,
    handle: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with `status` and `body` (JSON content type when the body looks like JSON). */
export function reply(status: number, body: string): Handler {
  return (_req, res) => {
    res.writeHead(status, {
      'content-type': body.trimStart().startsWith('{') ? 'application/json' : 'application/toml',
    });
    res.end(body);
  };
}

/** A JSON body with one requirements document. */
export const single = (toml: string) => JSON.stringify({ toml });

/** Cloud source options with a cache, as most tests use them. */
type CachedOptions = CloudSourceOptions & { readonly cacheFile: string; readonly cacheKey: Buffer | string };

/** Per-test fixture for cloud source tests: a temporary folder, one server at a time, and default options. */
export function cloudFixture() {
  const state: { dir: string; server: TestServer | undefined } = { dir: '', server: undefined };
  beforeEach(() => {
    state.dir = mkdtempSync(join(tmpdir(), 'ratchet-cloud-'));
  });
  afterEach(async () => {
    await state.server?.close();
    state.server = undefined;
    rmSync(state.dir, { recursive: true, force: true });
  });
  const options = (url: string, extra: Partial<CachedOptions> = {}): CachedOptions => ({
    endpoint: url,
    token: 'secret-token',
    identity: 'account-1/user-1',
    cacheFile: join(state.dir, 'cache', 'cloud-requirements'),
    cacheKey: CACHE_KEY,
    retryDelayMs: 5,
    now: () => T0,
    ...extra,
  });
  return {
    get dir() {
      return state.dir;
    },
    async serve(handler: Handler): Promise<TestServer> {
      state.server = await startServer(handler);
      return state.server;
    },
    options,
    load: (url: string, extra: Partial<CloudSourceOptions> = {}) =>
      cloudRequirementsSource({ ...options(url), ...extra }).load(),
  };
}

export const CACHE_KEY = 'test-cache-key';
export const T0 = 1_700_000_000_000;
