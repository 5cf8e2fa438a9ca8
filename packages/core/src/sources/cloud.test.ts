import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserConfig } from '../config/user-config.js';
import { createEngine } from '../resolve/create-engine.js';
import { SourceReadError } from '../diagnostics/errors.js';
import { colorProvider, COLORS_PROVIDER } from '../fake-provider.test-helper.js';
import { cloudRequirementsSource } from './cloud.js';
import { cloudFixture, reply, single, T0 } from './cloud-server.test-helper.js';
import { requirementsTextSource } from './loaders.js';

const fx = cloudFixture();

describe('cloudRequirementsSource: fetching', () => {
  it('fetches with a bearer token, yields one layer and reports it as fresh from the network', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]\n')));
    const source = cloudRequirementsSource(fx.options(s.url));
    expect(source.id).toBe(`cloud:${s.url}`);
    expect(source.description).toContain(s.url);
    const result = await source.load();
    expect(result.layers).toEqual([
      {
        source: { kind: 'cloud', label: 'cloud requirements' },
        format: 'requirements',
        table: { allowed_colors: ['green'] },
      },
    ]);
    expect(result.detail).toEqual({ from: 'network', location: s.url, ageMs: 0 });
    expect(result.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['info', expect.stringContaining('no cached cloud requirements')],
    ]);
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]!.authorization).toBe('Bearer secret-token');
  });

  it('accepts a plain TOML body and sets baseDir for relative paths', async () => {
    const s = await fx.serve(reply(200, 'allowed_colors = ["blue"]\n'));
    const result = await fx.load(s.url, { baseDir: '/home/u/.codex' });
    expect(result.layers[0]).toMatchObject({
      source: { kind: 'cloud', baseDir: '/home/u/.codex' },
      table: { allowed_colors: ['blue'] },
    });
  });

  it('retries 5xx answers and succeeds within the retry budget', async () => {
    const s = await fx.serve((_req, res, call) =>
      call <= 2 ? reply(500, 'oops')(_req, res, call) : reply(200, single('allowed_colors = ["red"]'))(_req, res, call),
    );
    const result = await fx.load(s.url, { retries: 2 });
    expect(result.layers).toHaveLength(1);
    expect(s.requests).toHaveLength(3);
  });

  it('gives up after the retries and says how often it tried', async () => {
    const s = await fx.serve(reply(503, 'down'));
    const result = await fx.load(s.url, { retries: 1 });
    expect(result.layers).toEqual([]);
    expect(s.requests).toHaveLength(2);
    expect(result.diagnostics.at(-1)).toMatchObject({
      severity: 'warning',
      kind: 'not-enforced',
      source: 'cloud requirements',
    });
    expect(result.diagnostics.at(-1)!.message).toContain('HTTP 503 after 2 attempts');
  });

  it('does not retry a refused token', async () => {
    const s = await fx.serve(reply(401, 'no'));
    const result = await fx.load(s.url);
    expect(s.requests).toHaveLength(1);
    expect(result.diagnostics.at(-1)!.message).toContain('HTTP 401 (the token was refused)');
  });

  it('a server that never answers cannot hold loading past the overall bound', async () => {
    const s = await fx.serve(() => {
      // Never answer.
    });
    const bound = 300;
    const started = performance.now();
    const result = await fx.load(s.url, { timeoutMs: bound, retries: 5 });
    const elapsed = performance.now() - started;
    expect(s.requests.length).toBeGreaterThanOrEqual(1);
    expect(result.layers).toEqual([]);
    expect(result.diagnostics.at(-1)).toMatchObject({ severity: 'warning', kind: 'not-enforced' });
    expect(result.diagnostics.at(-1)!.message).toContain(`no answer within ${bound} ms`);
    // Far below the 5 retries a patient client would wait through: the overall deadline cut it short.
    expect(elapsed).toBeLessThan(5_000);
  });

  it('the bound holds even when an injected fetch ignores its abort signal', async () => {
    const started = performance.now();
    const result = await fx.load('https://cloud.invalid/req', { timeoutMs: 200, fetch: () => new Promise(() => {}) });
    expect(result.diagnostics.at(-1)!.message).toContain('no answer within 200 ms');
    expect(performance.now() - started).toBeLessThan(5_000); // the fetch never settles: only the deadline returns
  });

  it('retries a body cut off in transit, then reports it', async () => {
    const s = await fx.serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"toml": "allowed_colors = [');
      setTimeout(() => res.destroy(), 10);
    });
    const result = await fx.load(s.url, { retries: 2 });
    expect(s.requests).toHaveLength(3);
    expect(result.layers).toEqual([]);
    expect(result.diagnostics.at(-1)!.message).toContain('cut off');
    expect(existsSync(fx.options(s.url).cacheFile)).toBe(false);
  });

  it.each([
    ['truncated JSON', '{"toml": "allowed_colors = [', 'not valid JSON'],
    ['a wrong shape', JSON.stringify({ toml: 5 }), '"toml" must be a string of TOML'],
    ['neither form', JSON.stringify({ other: 1 }), 'neither "toml" nor "fragments"'],
    ['invalid TOML', 'allowed_colors = [', 'not valid TOML'],
    ['invalid TOML inside JSON', single('allowed_colors = ['), 'not valid TOML'],
  ])('rejects %s without retrying or caching it', async (_name, body, message) => {
    const s = await fx.serve(reply(200, body));
    const result = await fx.load(s.url);
    expect(s.requests).toHaveLength(1);
    expect(result.layers).toEqual([]);
    expect(result.diagnostics.at(-1)).toMatchObject({ severity: 'warning', kind: 'not-enforced' });
    expect(result.diagnostics.at(-1)!.message).toContain(message);
    expect(result.diagnostics.at(-1)!.suggestion).toContain('contact your workspace admin');
    expect(existsSync(fx.options(s.url).cacheFile)).toBe(false);
  });

  it('rejects a body larger than the limit without retrying', async () => {
    const s = await fx.serve(reply(200, `a = "${'x'.repeat(5 * 1024 * 1024)}"`));
    const result = await fx.load(s.url);
    expect(s.requests).toHaveLength(1);
    expect(result.diagnostics.at(-1)!.message).toContain('larger than');
  });

  it('an empty body means no requirements: no layer, no warning, and it is cached', async () => {
    const s = await fx.serve(reply(200, ''));
    const first = await fx.load(s.url);
    expect(first.layers).toEqual([]);
    expect(first.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const second = await fx.load(s.url);
    expect(second.detail).toMatchObject({ from: 'cache' });
    expect(s.requests).toHaveLength(1);
  });

  it('without a cache nothing is written and every load asks; without a token no Authorization is sent', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    const uncached = { cacheFile: undefined, cacheKey: undefined, token: undefined };
    const first = await fx.load(s.url, uncached);
    expect(first.layers).toHaveLength(1);
    expect(first.detail).toMatchObject({ from: 'network' });
    expect((await fx.load(s.url, uncached)).detail).toMatchObject({ from: 'network' });
    expect(s.requests).toHaveLength(2);
    expect(s.requests[0]!.authorization).toBeUndefined();
    expect(existsSync(fx.options(s.url).cacheFile)).toBe(false);
    expect(cloudRequirementsSource({ ...fx.options(s.url), ...uncached }).description).toContain('not cached');
  });

  it('refuses an endpoint that is not an http(s) URL', async () => {
    const result = await fx.load('ftp://example.com/x');
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', kind: 'invalid-value', source: 'cloud requirements' }),
    ]);
  });
});

describe('cloudRequirementsSource: fail open or closed', () => {
  it('by default goes on without the layer, with a warning', async () => {
    const s = await fx.serve(reply(500, 'x'));
    const engine = createEngine({
      providers: [colorProvider()],
      sources: [
        cloudRequirementsSource(fx.options(s.url, { retries: 0 })),
        requirementsTextSource('allowed_colors = ["red"]', 'system'),
      ],
    });
    const policy = await engine.load();
    expect(policy.requirementOf(COLORS_PROVIDER).value).toEqual({ allowed_colors: ['red'] });
    const report = policy.sources[0]!;
    expect(report.layers).toBe(0);
    expect(report.diagnostics.some((d) => d.severity === 'warning' && d.kind === 'not-enforced')).toBe(true);
    // The dropped layer is a warning of the requirements, so every resolution (and command) carries it.
    const dropped = (d: { severity: string; kind: string; source?: string }) =>
      d.severity === 'warning' && d.kind === 'not-enforced' && d.source === 'cloud requirements';
    expect(policy.requirements.diagnostics.filter(dropped)).toHaveLength(1);
    expect(policy.resolve(UserConfig.empty()).diagnostics.filter(dropped)).toHaveLength(1);
  });

  it('with failClosed stops loading with an error naming the source', async () => {
    const s = await fx.serve(reply(500, 'x'));
    const source = cloudRequirementsSource(
      fx.options(s.url, { retries: 0, failClosed: true, label: 'cloud requirements (acme)' }),
    );
    const result = await source.load();
    expect(result.diagnostics.at(-1)).toMatchObject({
      severity: 'error',
      kind: 'read-failed',
      source: 'cloud requirements (acme)',
    });
    const engine = createEngine({ providers: [colorProvider()], sources: [source] });
    const error = await engine.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as SourceReadError).source).toBe('cloud requirements (acme)');
    expect((error as SourceReadError).message).toContain('HTTP 500');
  });

  it('with failClosed still uses a valid cache when the service is down', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    await fx.load(s.url, { failClosed: true });
    s.handle(reply(500, 'down'));
    const result = await fx.load(s.url, { failClosed: true, now: () => T0 + 1000 });
    expect(result.diagnostics).toEqual([]);
    expect(result.detail).toEqual({ from: 'cache', location: fx.options(s.url).cacheFile, ageMs: 1000 });
  });
});
