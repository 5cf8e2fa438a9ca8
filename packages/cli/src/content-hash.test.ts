import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blake2s256, contentHash, JS_BUDGET_BYTES } from './content-hash.js';

const seed = 182_026;
const openssl = (data: Uint8Array) => createHash('blake2s256').update(data).digest('hex');
const joined = (parts: readonly (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

describe(`BLAKE2s-256 (fast-check seed ${seed})`, () => {
  it("is RFC 7693's: its test vector", () => {
    expect(blake2s256(Buffer.from('abc'))).toBe('508c5e8c327c14e2e1a72ba34eeb452f37458b209ed63a294d999b4c86675982');
  });

  it('gives the digest OpenSSL gives, whatever the bytes and their length', () => {
    // Lengths around the 64-byte block (a last block that is full, empty input) and over several blocks.
    const lengths = fc.oneof(fc.integer({ min: 0, max: 1_100 }), fc.constantFrom(0, 1, 63, 64, 65, 127, 128, 129));
    fc.assert(
      fc.property(
        lengths.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        (data) => blake2s256(data) === openssl(data),
      ),
      { seed, numRuns: 400 },
    );
  });
});

describe(`contentHash (fast-check seed ${seed})`, () => {
  it('is the BLAKE2s-256 of its parts one after the other, text as UTF-8, in JavaScript and past its budget alike', () => {
    const part = fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.uint8Array({ maxLength: 200 }));
    let hashed = 0;
    fc.assert(
      fc.property(fc.array(part, { maxLength: 4 }), (parts) => {
        hashed += joined(parts).length;
        return contentHash(parts) === openssl(joined(parts));
      }),
      { seed, numRuns: 200 },
    );
    expect(hashed).toBeGreaterThan(JS_BUDGET_BYTES); // both ways were taken
    const large = Buffer.alloc(JS_BUDGET_BYTES * 4, 'a');
    expect(contentHash(['é', large])).toBe(openssl(joined(['é', large])));
  });
});
