import { readFileSync, statSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import type { Diagnostic, FatalKind } from '../diagnostics/diagnostic.js';
import type { Table } from '../shape/shape.js';

/** Largest TOML input Ratchet reads; policy files are small and a huge one is a mistake or an attack. */
export const MAX_TOML_BYTES = 4 * 1024 * 1024;

/** The result of reading TOML text: a table, or the one diagnostic that explains why not. */
export type TomlRead = { readonly ok: true; readonly table: Table } | Failure;

/** A failed read or parse: the one diagnostic that says why. */
interface Failure {
  readonly ok: false;
  readonly diagnostic: Diagnostic;
}

function fail(source: string, kind: FatalKind, message: string, suggestion: string, key?: string): Failure {
  return { ok: false, diagnostic: { kind, severity: 'error', source, message, suggestion, ...(key && { key }) } };
}

/** What reading a file gave: its text, or why not (`code` is the system's error code; `ENOENT` means absent). */
export type FileRead = { readonly ok: true; readonly text: string } | (Failure & { readonly code?: string });

/**
 * Reads a text file for Ratchet, naming `label` in any diagnostic. `readFileText` reads the disk; a host may give
 * its own (a virtual file system in tests, a sandboxed reader) through `@ratchet/host` or the sources' `read` option.
 */
export type FileReader = (path: string, label: string) => FileRead;

/** `cannot read file (EACCES): permission denied`: the error code, then Node's reason without the code and the path. */
function readFailure(label: string, error: unknown): FileRead {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = String(message ?? '')
    .replace(/^[A-Z]+:\s*/, '')
    .replace(/,\s*\w+(\s+'.*')?$/s, '')
    .trim();
  const failed = fail(
    label,
    'read-failed',
    `cannot read file (${code ?? 'error'})${reason ? `: ${reason}` : ''}`,
    'check the path and its permissions',
  );
  return { ...failed, ...(code !== undefined && { code }) };
}

/** The disk's file reader: at most `MAX_TOML_BYTES`, as UTF-8. */
export const readFileText: FileReader = (path, label) => {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    return readFailure(label, error);
  }
  if (size > MAX_TOML_BYTES) {
    return fail(label, 'too-large', `file is ${size} bytes, more than ${MAX_TOML_BYTES}`, 'keep policy files small');
  }
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (error) {
    return readFailure(label, error);
  }
};

/** Parses TOML text, reporting syntax errors with line and column. */
export function parseTomlText(text: string, source: string): TomlRead {
  if (Buffer.byteLength(text) > MAX_TOML_BYTES) {
    return fail(source, 'too-large', `input is larger than ${MAX_TOML_BYTES} bytes`, 'keep policy files small');
  }
  try {
    return { ok: true, table: parse(text) };
  } catch (error) {
    if (error instanceof TomlError) {
      const first = error.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      return fail(
        source,
        'toml-syntax',
        `invalid TOML at line ${error.line}, column ${error.column}: ${first}`,
        'correct the TOML syntax at that position',
      );
    }
    return fail(source, 'toml-syntax', `invalid TOML: ${(error as Error).message}`, 'correct the TOML syntax');
  }
}

/**
 * Reads and parses a TOML file with `read` (default: the disk); `missing` tells whether an absent file is simply
 * no input (any other read error is reported with its reason); diagnostics name `label`.
 */
export function readTomlFile(
  path: string,
  missing: 'absent' | 'error',
  label = path,
  read: FileReader = readFileText,
): TomlRead | undefined {
  const file = read(path, label);
  if (!file.ok)
    return file.code === 'ENOENT' && missing === 'absent' ? undefined : { ok: false, diagnostic: file.diagnostic };
  return parseTomlText(file.text, label);
}
