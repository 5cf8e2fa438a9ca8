import { blake2s } from '@noble/hashes/blake2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * The content hash of the compiled-rules cache: BLAKE2s-256 (RFC 7693, unkeyed), a standard cryptographic hash with
 * SHA-256's 128-bit collision resistance. A one-shot command hashes its first bytes in JavaScript (@noble/hashes), the
 * rest with `node:crypto` (OpenSSL's `blake2s256`): loading `node:crypto` costs about 9 ms of wall time here (its modules
 * and Node's streams), while a check from the cache of a small policy hashes a few kilobytes (its sources, then its
 * entry), which @noble/hashes does in V8's interpreter in about a millisecond. BLAKE2s takes half of SHA-256's work per
 * block there, and V8 then decides to optimize it (about 10 ms on this machine) only after several kilobytes, where
 * SHA-256 in JavaScript reached that point after one. Both ways give the same digest (`content-hash.test.ts`).
 */

/** Bytes a process hashes in JavaScript before it turns to `node:crypto`. */
export const JS_BUDGET_BYTES = 3 << 10;

let hashedInJs = 0;
let crypto: typeof import('node:crypto') | undefined;

/** BLAKE2s-256 of the parts one after the other (text as UTF-8), as hex. */
export function contentHash(parts: readonly (string | Uint8Array)[]): string {
  const data = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0]! : Buffer.concat(parts.map(bytesOf));
  if (crypto === undefined && hashedInJs + data.length <= JS_BUDGET_BYTES) {
    hashedInJs += data.length;
    return blake2s256(data);
  }
  // Once loaded, node:crypto hashes whatever comes next.
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.createHash('blake2s256').update(data).digest('hex');
}

const bytesOf = (part: string | Uint8Array) => (typeof part === 'string' ? Buffer.from(part) : part);

/** BLAKE2s-256 of `data`, as hex: @noble/hashes' implementation, audited and in plain JavaScript. */
export const blake2s256 = (data: Uint8Array): string => bytesToHex(blake2s(data));
