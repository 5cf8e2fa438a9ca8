import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCache, signCacheEntry, verifyCache } from './cloud-cache.js';
import { CACHE_KEY, cloudFixture, reply, single, T0 } from './cloud-server.test-helper.js';

const fx = cloudFixture();

describe('cloudRequirementsSource: the signed cache', () => {
  it('is written atomically after a fetch and used while valid, with its age', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    await fx.load(s.url);
    const file = fx.options(s.url).cacheFile;
    expect(readFileSync(file, 'utf8')).toMatch(/^ratchet-cloud-cache v1 [0-9a-f]{64}\n\{/);
    expect(readdirSync(join(fx.dir, 'cache'))).toEqual(['cloud-requirements']);
    s.handle(reply(200, single('allowed_colors = ["blue"]')));
    const cached = await fx.load(s.url, { now: () => T0 + 90_000 });
    expect(s.requests).toHaveLength(1);
    expect(cached.layers[0]!.table).toEqual({ allowed_colors: ['green'] });
    expect(cached.detail).toEqual({ from: 'cache', location: file, ageMs: 90_000 });
    expect(cached.diagnostics).toEqual([]);
  });

  it('an expired entry is noted, ignored and replaced by a fetch', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    await fx.load(s.url, { maxAgeMs: 10_000 });
    s.handle(reply(200, single('allowed_colors = ["blue"]')));
    const stillValid = await fx.load(s.url, { maxAgeMs: 10_000, now: () => T0 + 9_999 });
    expect(stillValid.detail).toMatchObject({ from: 'cache', ageMs: 9_999 });
    const expired = await fx.load(s.url, { maxAgeMs: 10_000, now: () => T0 + 10_000 });
    expect(expired.detail).toMatchObject({ from: 'network' });
    expect(expired.layers[0]!.table).toEqual({ allowed_colors: ['blue'] });
    expect(expired.diagnostics[0]).toMatchObject({ severity: 'info', message: expect.stringContaining('expired') });
    expect(s.requests).toHaveLength(2);
  });

  it('a flipped byte is detected: the entry is ignored with a warning and fetched again', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    await fx.load(s.url);
    const file = fx.options(s.url).cacheFile;
    const bytes = readFileSync(file);
    const at = bytes.indexOf('green');
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(file, bytes);
    const result = await fx.load(s.url);
    expect(s.requests).toHaveLength(2);
    expect(result.detail).toMatchObject({ from: 'network' });
    expect(result.diagnostics[0]).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('signature check failed'),
    });
    // The fresh answer replaced the damaged entry.
    expect(readCache(file, CACHE_KEY, { endpoint: s.url, identity: 'account-1/user-1', now: T0 }).ok).toBe(true);
  });

  it('every single flipped bit anywhere in the file is detected', () => {
    const file = join(fx.dir, 'c');
    const entry = {
      endpoint: 'https://x/r',
      identity: 'me',
      fetchedAt: T0,
      expiresAt: T0 + 1000,
      content: single('a = "é\\u0001"'),
    };
    const text = Buffer.from(signCacheEntry(entry, CACHE_KEY));
    const expected = { endpoint: entry.endpoint, identity: 'me', now: T0 };
    writeFileSync(file, text);
    expect(readCache(file, CACHE_KEY, expected)).toEqual({ ok: true, entry });
    for (let i = 0; i < text.length; i += 1) {
      for (const bit of [0x01, 0x20, 0x80]) {
        const copy = Buffer.from(text);
        copy[i] = copy[i]! ^ bit;
        expect(verifyCache(copy, file, CACHE_KEY, expected).ok, `byte ${i} ^ ${bit}`).toBe(false);
      }
    }
    writeFileSync(file, text);
    expect(readCache(file, 'another key', expected)).toMatchObject({ ok: false, miss: 'tampered' });
  });

  it('an entry of another identity is ignored with a notice and replaced', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    await fx.load(s.url, { identity: 'someone-else' });
    const result = await fx.load(s.url);
    expect(s.requests).toHaveLength(2);
    expect(result.diagnostics[0]).toMatchObject({
      severity: 'info',
      message: expect.stringContaining('another identity'),
    });
    expect((await fx.load(s.url)).detail).toMatchObject({ from: 'cache' });
  });

  it('an entry fetched from another endpoint is ignored', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    const file = fx.options(s.url).cacheFile;
    await fx.load(s.url);
    expect(
      readCache(file, CACHE_KEY, { endpoint: 'https://elsewhere/r', identity: 'account-1/user-1', now: T0 }),
    ).toMatchObject({ ok: false, miss: 'endpoint' });
  });

  it('a cache that cannot be written is warned about; the fetched layer still applies', async () => {
    const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
    writeFileSync(join(fx.dir, 'not-a-folder'), '');
    const result = await fx.load(s.url, { cacheFile: join(fx.dir, 'not-a-folder', 'cache') });
    expect(result.layers).toHaveLength(1);
    expect(result.diagnostics.at(-1)).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('cannot write the cache'),
    });
  });

  it.runIf(process.platform !== 'win32')(
    'a cache path naming a special file (a FIFO) is neither read nor replaced: the layer applies, with warnings',
    async () => {
      const s = await fx.serve(reply(200, single('allowed_colors = ["green"]')));
      const fifo = join(fx.dir, 'fifo');
      execFileSync('mkfifo', [fifo]);
      const result = await fx.load(s.url, { cacheFile: fifo });
      expect(result.layers).toHaveLength(1);
      expect(result.diagnostics.map((d) => [d.severity, d.message])).toEqual([
        [
          'warning',
          `cannot read the cache ${fifo}: cannot read file: it is a named pipe (FIFO), not a regular file; fetching from ${s.url}`,
        ],
        ['warning', `cannot write the cache ${fifo} (ENOTREG); the next start fetches again`],
      ]);
      expect(statSync(fifo).isFIFO()).toBe(true);
    },
  );
});
