import { readFileSync, statSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import type { Diagnostic, FatalKind } from '../diagnostics/diagnostic.js';
import type { Table } from '../shape/shape.js';

/** Largest TOML input Ratchet reads; policy files are small and a huge one is a mistake or an attack. */
export const MAX_TOML_BYTES = 4 * 1024 * 1024;

/** The result of reading TOML text: a table, or the one diagnostic that explains why not. */
export type TomlRead = { ok: true; table: Table } | { ok: false; diagnostic: Diagnostic };

function fail(source: string, kind: FatalKind, message: string, suggestion: string, key?: string): TomlRead {
  return { ok: false, diagnostic: { kind, severity: 'error', source, message, suggestion, ...(key && { key }) } };
}

/** `cannot read file (EACCES): permission denied`: the error code, then Node's reason without the code and the path. */
function readFailure(path: string, error: unknown): TomlRead {
  const { code, message } = error as NodeJS.ErrnoException;
  const reason = String(message ?? '')
    .replace(/^[A-Z]+:\s*/, '')
    .replace(/,\s*\w+(\s+'.*')?$/s, '')
    .trim();
  return fail(
    path,
    'read-failed',
    `cannot read file (${code ?? 'error'})${reason ? `: ${reason}` : ''}`,
    'check the path and its permissions',
  );
}

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

/** Reads and parses a TOML file; `missing` tells whether an absent file is simply no input (any other read error is reported with its reason); diagnostics name `label`. */
export function readTomlFile(path: string, missing: 'absent' | 'error', label = path): TomlRead | undefined {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && missing === 'absent') return undefined;
    return readFailure(label, error);
  }
  if (size > MAX_TOML_BYTES) {
    return fail(label, 'too-large', `file is ${size} bytes, more than ${MAX_TOML_BYTES}`, 'keep policy files small');
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return readFailure(label, error);
  }
  return parseTomlText(text, label);
}
