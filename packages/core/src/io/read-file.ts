import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import type { Diagnostic, FatalKind } from '../diagnostics/diagnostic.js';
import { describeFsError, isFsError } from './fs-errors.js';

/** Largest input Ratchet reads by default; policy files are small and a huge one is a mistake or an attack. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** How a file is read: its size cap and the name problems are reported under. */
export interface ReadFileOptions {
  /** Most bytes accepted; a longer file is refused without reading past `maxBytes + 1` (default 4 MiB). */
  readonly maxBytes?: number;
  /** Name used in diagnostics (default: the path). */
  readonly label?: string;
  /** Fix suggested for a file that is too large (default "keep the file small"). */
  readonly tooLargeFix?: string;
}

/** A failed read: the diagnostic to show, and the errno code when the system gave one (`ENOENT` means absent). */
export interface ReadFailure {
  readonly ok: false;
  readonly code?: string;
  readonly diagnostic: Diagnostic;
}

export type BytesRead = { readonly ok: true; readonly bytes: Buffer } | ReadFailure;
export type TextRead = { readonly ok: true; readonly text: string } | ReadFailure;

// O_NONBLOCK: a FIFO swapped in after the check must not block the open; it has no effect on a regular file.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

function failure(label: string, kind: FatalKind, message: string, suggestion: string, code?: string): ReadFailure {
  return {
    ok: false,
    ...(code !== undefined && { code }),
    diagnostic: { kind, severity: 'error', source: label, message, suggestion },
  };
}

function fsFailure(label: string, error: NodeJS.ErrnoException & { code: string }): ReadFailure {
  const { reason, fix } = describeFsError(error.code);
  return failure(label, 'read-failed', `cannot read file ${reason}`, fix, error.code);
}

/** `a folder`, `a character device`, … : what a non-regular file is. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Refuses anything but a regular file, and a regular file larger than the cap, from its stats. */
function refuse(stats: Stats, label: string, maxBytes: number, options: ReadFileOptions): ReadFailure | undefined {
  if (stats.isDirectory())
    return failure(
      label,
      'read-failed',
      'cannot read file (EISDIR): it is a folder, not a file',
      'name a file',
      'EISDIR',
    );
  if (!stats.isFile())
    return failure(
      label,
      'read-failed',
      `cannot read file: it is ${kindOf(stats)}, not a regular file`,
      'name a regular file',
    );
  if (stats.size > maxBytes) return tooLarge(label, maxBytes, options, stats.size);
  return undefined;
}

function tooLarge(label: string, maxBytes: number, options: ReadFileOptions, size?: number): ReadFailure {
  const message =
    size !== undefined ? `file is ${size} bytes, more than ${maxBytes}` : `file is larger than ${maxBytes} bytes`;
  return failure(label, 'too-large', message, options.tooLargeFix ?? 'keep the file small');
}

/**
 * Reads a file's bytes, safely whatever is at the path: links are followed (the system bounds how many), then
 * anything but a regular file (a folder, `/dev/zero`, a FIFO, a socket) is refused before it is opened, and checked
 * again on the open descriptor (closing the race with a swap). At most `maxBytes + 1` bytes are read whatever the
 * file's size claims, so a file that lies about its size (procfs) or grows cannot exhaust memory. Never throws.
 */
export function readFileBytes(path: string, options: ReadFileOptions = {}): BytesRead {
  const label = options.label ?? path;
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  let fd: number | undefined;
  try {
    const before = refuse(statSync(path), label, maxBytes, options);
    if (before) return before;
    fd = openSync(path, OPEN_FLAGS);
    const stats = fstatSync(fd);
    const after = refuse(stats, label, maxBytes, options);
    if (after) return after;
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(stats.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) break;
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) return tooLarge(label, maxBytes, options);
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    if (isFsError(error)) return fsFailure(label, error);
    return failure(
      label,
      'read-failed',
      `cannot read file: ${(error as Error)?.message ?? String(error)}`,
      'check the path',
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The byte offset of the first invalid UTF-8 sequence in `bytes` (WHATWG rules: no overlongs, surrogates or > U+10FFFF), or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** Decodes UTF-8 strictly; invalid bytes are an error naming the byte offset, line and column, never U+FFFD. */
export function decodeUtf8(bytes: Uint8Array, label: string): TextRead {
  // As TextDecoder('utf-8', { fatal: true }) decodes, a leading byte order mark dropped, without its start-up cost.
  if (isUtf8(bytes)) {
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const bom = view[0] === 0xef && view[1] === 0xbb && view[2] === 0xbf ? 3 : 0;
    return { ok: true, text: view.toString('utf8', bom) };
  }
  const at = Math.max(0, invalidUtf8Offset(bytes));
  const before = bytes.subarray(0, at);
  const lineStart = before.lastIndexOf(0x0a) + 1;
  let line = 1;
  for (const b of before) if (b === 0x0a) line++;
  return failure(
    label,
    'invalid-encoding',
    `invalid UTF-8 at byte ${at} (line ${line}, byte ${at - lineStart + 1} of the line)`,
    'save the file as UTF-8 text',
  );
}

/** Reads a regular file as strict UTF-8 text under a size cap (see `readFileBytes`). Never throws. */
export function readTextFile(path: string, options: ReadFileOptions = {}): TextRead {
  const read = readFileBytes(path, options);
  return read.ok ? decodeUtf8(read.bytes, options.label ?? path) : read;
}
