import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  ftruncateSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeUtf8, invalidUtf8Offset, readFileBytes, readTextFile } from './read-file.js';

const dir = mkdtempSync(join(tmpdir(), 'ratchet-read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const posix = process.platform !== 'win32';

describe('readTextFile: one bounded way to read a file', () => {
  it('reads a regular file as text', () => {
    expect(readTextFile(file('ok.toml', 'a = "é"\n'))).toEqual({ ok: true, text: 'a = "é"\n' });
  });

  it('reports a missing file with its code, so callers can treat it as absent', () => {
    const read = readTextFile(join(dir, 'missing.toml'));
    expect(read).toMatchObject({ ok: false, code: 'ENOENT', diagnostic: { kind: 'read-failed' } });
  });

  it('refuses a folder', () => {
    const folder = join(dir, 'folder.toml');
    mkdirSync(folder);
    expect(readTextFile(folder)).toMatchObject({
      ok: false,
      code: 'EISDIR',
      diagnostic: { source: folder, message: 'cannot read file (EISDIR): it is a folder, not a file' },
    });
  });

  it.runIf(posix && existsSync('/dev/zero'))('refuses /dev/zero and /dev/urandom, directly or through a link', () => {
    const link = join(dir, 'zero-link.toml');
    symlinkSync('/dev/zero', link);
    for (const path of ['/dev/zero', '/dev/urandom', link]) {
      const read = readTextFile(path, { label: 'L' });
      expect(read).toMatchObject({
        ok: false,
        diagnostic: {
          kind: 'read-failed',
          source: 'L',
          message: 'cannot read file: it is a character device, not a regular file',
        },
      });
    }
  });

  it.runIf(posix)('refuses a FIFO without blocking on it', () => {
    const fifo = join(dir, 'fifo.toml');
    execFileSync('mkfifo', [fifo]);
    expect(readTextFile(fifo)).toMatchObject({
      ok: false,
      diagnostic: { message: 'cannot read file: it is a named pipe (FIFO), not a regular file' },
    });
  });

  it('refuses a 5 GB sparse file from its size, reading nothing', () => {
    const sparse = join(dir, 'sparse.toml');
    const fd = openSync(sparse, 'w');
    ftruncateSync(fd, 5 * 1024 ** 3);
    closeSync(fd);
    expect(readTextFile(sparse, { tooLargeFix: 'keep it small' })).toMatchObject({
      ok: false,
      diagnostic: {
        kind: 'too-large',
        message: `file is ${5 * 1024 ** 3} bytes, more than ${4 * 1024 * 1024}`,
        suggestion: 'keep it small',
      },
    });
  });

  it.runIf(existsSync('/proc/self/maps'))(
    'reads at most the cap plus one byte whatever the size says (procfs says 0)',
    () => {
      expect(readFileBytes('/proc/self/maps', { maxBytes: 10 })).toMatchObject({
        ok: false,
        diagnostic: { kind: 'too-large', message: 'file is larger than 10 bytes' },
      });
      const whole = readFileBytes('/proc/self/maps');
      expect(whole.ok && whole.bytes.length > 0).toBe(true);
    },
  );

  it('a file exactly at the cap is read; one byte more is refused', () => {
    expect(readFileBytes(file('at-cap', 'x'.repeat(100)), { maxBytes: 100 }).ok).toBe(true);
    expect(readFileBytes(file('over-cap', 'x'.repeat(101)), { maxBytes: 100 })).toMatchObject({
      ok: false,
      diagnostic: { kind: 'too-large' },
    });
  });

  it.runIf(posix)('a symbolic link loop is a read error naming ELOOP', () => {
    const a = join(dir, 'loop-a');
    symlinkSync(join(dir, 'loop-b'), a);
    symlinkSync(a, join(dir, 'loop-b'));
    expect(readTextFile(a)).toMatchObject({ ok: false, code: 'ELOOP', diagnostic: { kind: 'read-failed' } });
  });

  it('invalid UTF-8 is an error naming the byte offset and line, never U+FFFD', () => {
    const path = file('latin1.toml', Buffer.from('a = 1\n# caf\xe9\n', 'latin1'));
    expect(readTextFile(path)).toMatchObject({
      ok: false,
      diagnostic: {
        kind: 'invalid-encoding',
        source: path,
        message: 'invalid UTF-8 at byte 11 (line 2, byte 6 of the line)',
      },
    });
  });
});

describe('invalidUtf8Offset (fast-check seed 15015)', () => {
  it('is -1 exactly for valid UTF-8, and otherwise the end of the longest valid prefix', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      fc
        .tuple(fc.string({ maxLength: 6 }), fc.uint8Array({ minLength: 1, maxLength: 3 }), fc.string({ maxLength: 6 }))
        .map(([a, b, c]) => new Uint8Array(Buffer.concat([Buffer.from(a), b, Buffer.from(c)]))),
    );
    fc.assert(
      fc.property(bytes, (b) => {
        const at = invalidUtf8Offset(b);
        expect(at === -1).toBe(isUtf8(b));
        expect(decodeUtf8(b, 'x').ok).toBe(at === -1);
        if (at >= 0) {
          expect(isUtf8(b.subarray(0, at))).toBe(true);
          // No longer prefix that ends on a character boundary is valid past `at`.
          for (let end = at + 1; end <= Math.min(b.length, at + 4); end++)
            expect(isUtf8(b.subarray(0, end))).toBe(false);
        }
      }),
      { seed: 15015, numRuns: 2000 },
    );
  });
});

describe('decodeUtf8 (fast-check seed 27183)', () => {
  it('gives exactly what a fatal TextDecoder gives, a leading byte order mark dropped', () => {
    const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
    const bytes = fc
      .tuple(
        fc.boolean(),
        fc.oneof(
          fc.uint8Array({ maxLength: 24 }),
          fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
        ),
      )
      .map(([bom, b]) => (bom ? new Uint8Array(Buffer.concat([BOM, b])) : b));
    fc.assert(
      fc.property(bytes, (b) => {
        let expected: string | undefined;
        try {
          expected = new TextDecoder('utf-8', { fatal: true }).decode(b);
        } catch {
          expected = undefined;
        }
        const read = decodeUtf8(b, 'x');
        expect(read.ok ? read.text : undefined).toBe(expected);
      }),
      { seed: 27183, numRuns: 2000 },
    );
  });
});
