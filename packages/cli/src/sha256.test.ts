import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JS_BUDGET_BYTES, sha256Hex } from './sha256.js';

const seed = 182_026;
const native = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const joined = (parts: readonly (string | Uint8Array)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

describe(`sha256Hex (fast-check seed ${seed})`, () => {
  it('is the SHA-256 of its parts one after the other, text as UTF-8, in JavaScript and past its budget alike', () => {
    // Lengths around the 64-byte block and its 56-byte padding limit; the first runs are within the JavaScript budget.
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.constantFrom(55, 56, 63, 64, 65, 119, 120).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
    );
    const part = fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), bytes);
    let runs = 0;
    fc.assert(
      fc.property(fc.array(part, { maxLength: 4 }), (parts) => {
        runs += joined(parts).length;
        return sha256Hex(parts) === native(joined(parts));
      }),
      { seed, numRuns: 300 },
    );
    expect(runs).toBeGreaterThan(JS_BUDGET_BYTES); // both ways were taken
    const large = Buffer.alloc(JS_BUDGET_BYTES * 4, 'a');
    expect(sha256Hex(['é', large])).toBe(native(joined(['é', large])));
    expect(sha256Hex([''])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
