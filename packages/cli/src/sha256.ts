import { hash } from 'fast-sha256';

/**
 * How many bytes a process hashes with fast-sha256 (SHA-256 in JavaScript) before it turns to `node:crypto`. Loading
 * `node:crypto` costs a one-shot command about 9 ms of wall time here (its modules and Node's streams); fast-sha256 runs
 * in V8's interpreter, at about a tenth of a millisecond per 64-byte block, until V8 optimizes it after a few kilobytes,
 * which costs about 10 ms more. A check answered from the compiled-rules cache of a few rules hashes under 2 KiB (its
 * sources, then its entry): the JavaScript hash is then the cheaper; past this budget, `node:crypto` is. Measured with
 * Node 20's V8; either way the digest is the same SHA-256.
 */
export const JS_BUDGET_BYTES = 2 << 10;

let hashedInJs = 0;

/** The SHA-256 of the parts one after the other (text as UTF-8), as hex. */
export function sha256Hex(parts: readonly (string | Uint8Array)[]): string {
  const data = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0]! : Buffer.concat(parts.map(bytesOf));
  if (hashedInJs + data.length <= JS_BUDGET_BYTES) {
    hashedInJs += data.length;
    return Buffer.from(hash(data)).toString('hex');
  }
  return process.getBuiltinModule('node:crypto').createHash('sha256').update(data).digest('hex');
}

const bytesOf = (part: string | Uint8Array) => (typeof part === 'string' ? Buffer.from(part) : part);
