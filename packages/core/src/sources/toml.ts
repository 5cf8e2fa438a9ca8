import { parse, TomlError } from 'smol-toml';
import type { Diagnostic, FatalKind } from '../diagnostics/diagnostic.js';
import { MAX_INPUT_BYTES, readTextFile, type TextRead } from '../io/read-file.js';
import type { Table } from '../shape/shape.js';

/** Largest TOML input Ratchet reads; policy files are small and a huge one is a mistake or an attack. */
export const MAX_TOML_BYTES = MAX_INPUT_BYTES;

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

/**
 * Reads a text file for Ratchet, naming `label` in any diagnostic. `readFileText` reads the disk through the bounded
 * reader; a host may give its own (a virtual file system in tests, a sandboxed reader) through `@ratchet/host` or
 * the sources' `read` option.
 */
export type FileReader = (path: string, label: string) => TextRead;

/** The disk's file reader: `readTextFile` (regular files only, at most `MAX_TOML_BYTES`, strict UTF-8). */
export const readFileText: FileReader = (path, label) =>
  readTextFile(path, { maxBytes: MAX_TOML_BYTES, label, tooLargeFix: 'keep policy files small' });

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
 * Reads and parses a TOML file with `read` (default: the disk, through the bounded reader); `missing` tells whether
 * an absent file is simply no input (any other read error is reported with its reason); diagnostics name `label`.
 */
export function readTomlFile(
  path: string,
  missing: 'absent' | 'error',
  label = path,
  read: FileReader = readFileText,
): TomlRead | undefined {
  const file = read(path, label);
  if (!file.ok) return file.code === 'ENOENT' && missing === 'absent' ? undefined : file;
  return parseTomlText(file.text, label);
}
