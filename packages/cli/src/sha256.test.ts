import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex, WASM_MAX_BYTES, wasmSha256 } from './sha256.js';

const seed = 18_2026;
const native = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const wasm = wasmSha256(
  readFileSync(createRequire(import.meta.url).resolve('@chainsafe/as-sha256/build/optimized.wasm')),
);

describe(`the WebAssembly SHA-256 (fast-check seed ${seed})`, () => {
  it('gives the digest node:crypto gives, whatever the bytes and their length', () => {
    // Lengths around the 64-byte block and the module's 512-byte input buffer, and past several of each.
    const lengths = fc.oneof(fc.integer({ min: 0, max: 2_100 }), fc.constantFrom(55, 56, 63, 64, 65, 511, 512, 513));
    fc.assert(
      fc.property(
        lengths.chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
        (data) => wasm(data) === native(data),
      ),
      { seed, numRuns: 300 },
    );
  });

  it('hashes one input after another from a fresh state', () => {
    const [a, b] = [Buffer.from('prefix_rule(pattern = ["git"])\n'), Buffer.alloc(1_000, 7)];
    expect([wasm(a), wasm(b), wasm(a)]).toEqual([native(a), native(b), native(a)]);
    expect(wasm(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses a module that is not the SHA-256', () => {
    const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    expect(() => wasmSha256(empty)).toThrow(/not the SHA-256 module/);
  });
});

describe(`sha256Hex (fast-check seed ${seed})`, () => {
  it('is the SHA-256 of its parts one after the other, text as UTF-8, small or large', () => {
    const part = fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 300 }));
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        const joined = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
        return sha256Hex(parts) === native(joined);
      }),
      { seed, numRuns: 200 },
    );
    const large = Buffer.alloc(WASM_MAX_BYTES + 1, 'a');
    expect(sha256Hex([large])).toBe(native(large));
    expect(sha256Hex(['é', large.subarray(1)])).toBe(native(Buffer.concat([Buffer.from('é'), large.subarray(1)])));
  });
});
