/**
 * The content hash of the compiled-rules cache: BLAKE2s-256 (RFC 7693, unkeyed), a standard cryptographic hash with
 * SHA-256's 128-bit collision resistance. A one-shot command hashes its first bytes with the implementation below, the
 * rest with `node:crypto` (OpenSSL's `blake2s256`): loading `node:crypto` costs about 9 ms of wall time here (its modules
 * and Node's streams), while a check from the cache of a small policy hashes a few kilobytes (its sources, then its
 * entry), which this code does in V8's interpreter in about a millisecond. BLAKE2s takes half of SHA-256's work per
 * block there, and V8 then decides to optimize it (about 10 ms on this machine) only after several kilobytes, where
 * SHA-256 in JavaScript reached that point after one. Both ways give the same digest (`content-hash.test.ts`).
 */

/** Bytes a process hashes in JavaScript before it turns to `node:crypto`. */
export const JS_BUDGET_BYTES = 3 << 10;

let hashedInJs = 0;

/** BLAKE2s-256 of the parts one after the other (text as UTF-8), as hex. */
export function contentHash(parts: readonly (string | Uint8Array)[]): string {
  const data = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0]! : Buffer.concat(parts.map(bytesOf));
  if (hashedInJs + data.length <= JS_BUDGET_BYTES) {
    hashedInJs += data.length;
    return blake2s256(data);
  }
  return process.getBuiltinModule('node:crypto').createHash('blake2s256').update(data).digest('hex');
}

const bytesOf = (part: string | Uint8Array) => (typeof part === 'string' ? Buffer.from(part) : part);

const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** The message schedule: for each of the 10 rounds, the order of the block's 16 words. */
const SIGMA = new Uint8Array([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3, 11, 8, 12,
  0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4, 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8, 9, 0, 5, 7, 2, 4, 10,
  15, 14, 1, 11, 12, 6, 8, 3, 13, 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9, 12, 5, 1, 15, 14, 13, 4, 10, 0,
  7, 6, 3, 9, 2, 8, 11, 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10, 6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7,
  1, 4, 10, 5, 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
]);

const hexByte = (byte: number) => (byte | 256).toString(16).slice(1);

/**
 * BLAKE2s-256 of `data`, as hex. Words are kept in `Uint32Array`s and the last block is copied byte by byte: Node has
 * used both before this runs, where the first `Int32Array`, `TypedArray.from` or `set` of a process costs V8 tens of
 * microseconds each to set up.
 */
export function blake2s256(data: Uint8Array): string {
  const h = new Uint32Array(8);
  for (let i = 0; i < 8; i++) h[i] = IV[i]!;
  h[0]! ^= 0x01010020; // parameter block: 32-byte digest, no key, fanout 1, depth 1
  const m = new Uint32Array(16);
  let at = 0;
  for (; data.length - at > 64; at += 64) compress(h, m, data, at, at + 64, false);
  const last = new Uint8Array(64);
  for (let i = 0; at + i < data.length; i++) last[i] = data[at + i]!;
  compress(h, m, last, 0, data.length, true);
  let hex = '';
  for (let i = 0; i < 8; i++) for (let shift = 0; shift < 32; shift += 8) hex += hexByte((h[i]! >>> shift) & 255);
  return hex; // each word little-endian, as the digest is defined
}

/**
 * The compression function F on one 64-byte block of `block` at `at`: `counter` is the number of bytes hashed up to the
 * end of this block, `last` whether it is the final block. The G function is written out for each of
 * the eight columns and diagonals: in V8's interpreter a call per G would cost more than the G itself.
 */
function compress(h: Uint32Array, m: Uint32Array, block: Uint8Array, at: number, counter: number, last: boolean): void {
  for (let i = 0; i < 16; i++) {
    const j = at + 4 * i;
    m[i] = block[j]! | (block[j + 1]! << 8) | (block[j + 2]! << 16) | (block[j + 3]! << 24);
  }
  let v0 = h[0]!;
  let v1 = h[1]!;
  let v2 = h[2]!;
  let v3 = h[3]!;
  let v4 = h[4]!;
  let v5 = h[5]!;
  let v6 = h[6]!;
  let v7 = h[7]!;
  let v8 = IV[0]!;
  let v9 = IV[1]!;
  let v10 = IV[2]!;
  let v11 = IV[3]!;
  let v12 = IV[4]! ^ counter;
  let v13 = IV[5]! ^ Math.floor(counter / 2 ** 32);
  let v14 = last ? ~IV[6]! : IV[6]!;
  let v15 = IV[7]!;
  for (let r = 0; r < 160; r += 16) {
    // Columns.
    v0 = (v0 + v4 + m[SIGMA[r]!]!) | 0;
    v12 ^= v0;
    v12 = (v12 >>> 16) | (v12 << 16);
    v8 = (v8 + v12) | 0;
    v4 ^= v8;
    v4 = (v4 >>> 12) | (v4 << 20);
    v0 = (v0 + v4 + m[SIGMA[r + 1]!]!) | 0;
    v12 ^= v0;
    v12 = (v12 >>> 8) | (v12 << 24);
    v8 = (v8 + v12) | 0;
    v4 ^= v8;
    v4 = (v4 >>> 7) | (v4 << 25);
    v1 = (v1 + v5 + m[SIGMA[r + 2]!]!) | 0;
    v13 ^= v1;
    v13 = (v13 >>> 16) | (v13 << 16);
    v9 = (v9 + v13) | 0;
    v5 ^= v9;
    v5 = (v5 >>> 12) | (v5 << 20);
    v1 = (v1 + v5 + m[SIGMA[r + 3]!]!) | 0;
    v13 ^= v1;
    v13 = (v13 >>> 8) | (v13 << 24);
    v9 = (v9 + v13) | 0;
    v5 ^= v9;
    v5 = (v5 >>> 7) | (v5 << 25);
    v2 = (v2 + v6 + m[SIGMA[r + 4]!]!) | 0;
    v14 ^= v2;
    v14 = (v14 >>> 16) | (v14 << 16);
    v10 = (v10 + v14) | 0;
    v6 ^= v10;
    v6 = (v6 >>> 12) | (v6 << 20);
    v2 = (v2 + v6 + m[SIGMA[r + 5]!]!) | 0;
    v14 ^= v2;
    v14 = (v14 >>> 8) | (v14 << 24);
    v10 = (v10 + v14) | 0;
    v6 ^= v10;
    v6 = (v6 >>> 7) | (v6 << 25);
    v3 = (v3 + v7 + m[SIGMA[r + 6]!]!) | 0;
    v15 ^= v3;
    v15 = (v15 >>> 16) | (v15 << 16);
    v11 = (v11 + v15) | 0;
    v7 ^= v11;
    v7 = (v7 >>> 12) | (v7 << 20);
    v3 = (v3 + v7 + m[SIGMA[r + 7]!]!) | 0;
    v15 ^= v3;
    v15 = (v15 >>> 8) | (v15 << 24);
    v11 = (v11 + v15) | 0;
    v7 ^= v11;
    v7 = (v7 >>> 7) | (v7 << 25);
    // Diagonals.
    v0 = (v0 + v5 + m[SIGMA[r + 8]!]!) | 0;
    v15 ^= v0;
    v15 = (v15 >>> 16) | (v15 << 16);
    v10 = (v10 + v15) | 0;
    v5 ^= v10;
    v5 = (v5 >>> 12) | (v5 << 20);
    v0 = (v0 + v5 + m[SIGMA[r + 9]!]!) | 0;
    v15 ^= v0;
    v15 = (v15 >>> 8) | (v15 << 24);
    v10 = (v10 + v15) | 0;
    v5 ^= v10;
    v5 = (v5 >>> 7) | (v5 << 25);
    v1 = (v1 + v6 + m[SIGMA[r + 10]!]!) | 0;
    v12 ^= v1;
    v12 = (v12 >>> 16) | (v12 << 16);
    v11 = (v11 + v12) | 0;
    v6 ^= v11;
    v6 = (v6 >>> 12) | (v6 << 20);
    v1 = (v1 + v6 + m[SIGMA[r + 11]!]!) | 0;
    v12 ^= v1;
    v12 = (v12 >>> 8) | (v12 << 24);
    v11 = (v11 + v12) | 0;
    v6 ^= v11;
    v6 = (v6 >>> 7) | (v6 << 25);
    v2 = (v2 + v7 + m[SIGMA[r + 12]!]!) | 0;
    v13 ^= v2;
    v13 = (v13 >>> 16) | (v13 << 16);
    v8 = (v8 + v13) | 0;
    v7 ^= v8;
    v7 = (v7 >>> 12) | (v7 << 20);
    v2 = (v2 + v7 + m[SIGMA[r + 13]!]!) | 0;
    v13 ^= v2;
    v13 = (v13 >>> 8) | (v13 << 24);
    v8 = (v8 + v13) | 0;
    v7 ^= v8;
    v7 = (v7 >>> 7) | (v7 << 25);
    v3 = (v3 + v4 + m[SIGMA[r + 14]!]!) | 0;
    v14 ^= v3;
    v14 = (v14 >>> 16) | (v14 << 16);
    v9 = (v9 + v14) | 0;
    v4 ^= v9;
    v4 = (v4 >>> 12) | (v4 << 20);
    v3 = (v3 + v4 + m[SIGMA[r + 15]!]!) | 0;
    v14 ^= v3;
    v14 = (v14 >>> 8) | (v14 << 24);
    v9 = (v9 + v14) | 0;
    v4 ^= v9;
    v4 = (v4 >>> 7) | (v4 << 25);
  }
  h[0]! ^= v0 ^ v8;
  h[1]! ^= v1 ^ v9;
  h[2]! ^= v2 ^ v10;
  h[3]! ^= v3 ^ v11;
  h[4]! ^= v4 ^ v12;
  h[5]! ^= v5 ^ v13;
  h[6]! ^= v6 ^ v14;
  h[7]! ^= v7 ^ v15;
}
