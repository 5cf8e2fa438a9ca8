/** node:crypto, loaded on first use: a host that never caches cloud requirements does not pay for loading it. */
const crypto = () => process.getBuiltinModule('node:crypto');
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { readFileBytes } from '../io/read-file.js';
import { MAX_TOML_BYTES } from './toml.js';

/**
 * The local cache of cloud requirements, one file:
 *
 *     ratchet-cloud-cache v1 <hex HMAC-SHA256 of the rest of the file>\n
 *     {"endpoint":"…","identity":"…","fetchedAt":<ms>,"expiresAt":<ms>,"content":"<body as received>"}
 *
 * The MAC covers the exact bytes after the first line — content, identity, endpoint and both times — so any changed
 * byte (in the MAC line or after it) makes the entry invalid. The body is kept as received and selected again on
 * use, so a cached entry applies exactly as a fresh answer would.
 */
export interface CacheEntry {
  readonly endpoint: string;
  readonly identity: string;
  /** When the content was fetched, ms since the epoch. */
  readonly fetchedAt: number;
  /** Past this instant (ms since the epoch) the entry is not used. */
  readonly expiresAt: number;
  readonly content: string;
}

/** Why a cache entry was not used; `missing` is routine, `unreadable`/`tampered` deserve a warning. */
export type CacheMiss = 'missing' | 'unreadable' | 'tampered' | 'endpoint' | 'identity' | 'future' | 'expired';

export type CacheRead =
  | { readonly ok: true; readonly entry: CacheEntry }
  | { readonly ok: false; readonly miss: CacheMiss; readonly message: string };

const HEADER = /^ratchet-cloud-cache v1 ([0-9a-f]{64})$/;
/** Clock skew tolerated before an entry "fetched in the future" is refused. */
const SKEW_MS = 60_000;

function mac(key: Buffer | string, payload: Buffer): Buffer {
  return crypto().createHmac('sha256', key).update(payload).digest();
}

/** The cache file's text for an entry, signed with `key`. */
export function signCacheEntry(entry: CacheEntry, key: Buffer | string): string {
  const { endpoint, identity, fetchedAt, expiresAt, content } = entry;
  const payload = Buffer.from(JSON.stringify({ endpoint, identity, fetchedAt, expiresAt, content }), 'utf8');
  return `ratchet-cloud-cache v1 ${mac(key, payload).toString('hex')}\n${payload.toString('utf8')}`;
}

const miss = (kind: CacheMiss, message: string): CacheRead => ({ ok: false, miss: kind, message });

function entryOf(value: unknown): CacheEntry | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  const ok =
    typeof e.endpoint === 'string' &&
    typeof e.identity === 'string' &&
    Number.isFinite(e.fetchedAt) &&
    Number.isFinite(e.expiresAt) &&
    typeof e.content === 'string';
  return ok ? (e as unknown as CacheEntry) : undefined;
}

/** Reads and verifies the cache: signature first, then endpoint, identity and time; only a valid, current entry is returned. */
export function readCache(
  path: string,
  key: Buffer | string,
  expected: { endpoint: string; identity: string; now: number },
): CacheRead {
  const read = readFileBytes(path, { maxBytes: 3 * MAX_TOML_BYTES });
  if (!read.ok) {
    if (read.code === 'ENOENT') return miss('missing', 'no cached cloud requirements');
    if (read.diagnostic.kind === 'too-large')
      return miss('tampered', `the cache ${path} is too large to be one of ours`);
    return miss('unreadable', `cannot read the cache ${path}: ${read.diagnostic.message}`);
  }
  const bytes = read.bytes;
  return verifyCache(bytes, path, key, expected);
}

/** Verifies a cache file's bytes (read from `path`) as `readCache` does. */
export function verifyCache(
  bytes: Buffer,
  path: string,
  key: Buffer | string,
  expected: { endpoint: string; identity: string; now: number },
): CacheRead {
  if (bytes.length > 3 * MAX_TOML_BYTES) return miss('tampered', `the cache ${path} is too large to be one of ours`);
  const newline = bytes.indexOf(0x0a);
  const header = HEADER.exec(bytes.subarray(0, newline < 0 ? 0 : newline).toString('latin1'));
  const payload = bytes.subarray(newline + 1);
  const signature = header ? Buffer.from(header[1]!, 'hex') : undefined;
  if (newline < 0 || !signature || !crypto().timingSafeEqual(signature, mac(key, payload))) {
    return miss('tampered', `the cache ${path} is corrupt or was modified (signature check failed)`);
  }
  let entry: CacheEntry | undefined;
  try {
    entry = entryOf(JSON.parse(payload.toString('utf8')));
  } catch {
    entry = undefined;
  }
  if (!entry) return miss('tampered', `the cache ${path} is signed but malformed`);
  if (entry.endpoint !== expected.endpoint) return miss('endpoint', 'the cache was fetched from another endpoint');
  if (entry.identity !== expected.identity) return miss('identity', 'the cache belongs to another identity');
  if (entry.fetchedAt > expected.now + SKEW_MS)
    return miss('future', 'the cache is dated in the future (clock change?)');
  if (entry.expiresAt <= expected.now) {
    return miss('expired', `the cache expired ${Math.round((expected.now - entry.expiresAt) / 1000)} s ago`);
  }
  return { ok: true, entry };
}

/**
 * Replaces `path` atomically: writes a private temporary file beside it, fsyncs it, renames it over `path`, then
 * fsyncs the folder (best effort). Readers see the old file or the new one, never a partial one. Throws on failure
 * (the temporary file is removed).
 */
export function writeFileAtomic(path: string, text: string): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Only a regular file (or nothing) is replaced: a cache path naming /dev/zero or a FIFO is a mistake, not a cache.
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing && !existing.isFile())
    throw Object.assign(new Error(`${path} is not a regular file`), { code: 'ENOTREG' });
  const temporary = `${path}.${process.pid}.${crypto().randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  try {
    const dir = openSync(folder, 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some systems cannot fsync a folder; the rename itself is still atomic.
  }
}
