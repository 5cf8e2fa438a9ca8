import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { homedir } from 'node:os';
import {
  checkConfigWrite,
  defaultConfigPath,
  DiagnosticBag,
  formatValue,
  MAX_TOML_BYTES,
  parseTomlText,
  readTextFile,
  throwIfErrors,
  type ConfigEdit,
  type Platform,
  type Policy,
  type Table,
} from '@ratchet/core';
import { ParseError } from 'toml-eslint-parser';
import { applyEdits } from './apply.js';
import { indexToml } from './document.js';
import { unwritable } from './render.js';
import { withFileLock } from './lock.js';
import { refuse, onFsError } from './refuse.js';
import { removeLeftovers, writeAtomic, writeTarget } from './write.js';

/** Where and how `editConfig` writes. */
export interface EditOptions {
  /** The config file; default `defaultConfigPath(platform)`: `$CODEX_HOME/config.toml`, else `~/.codex/config.toml`. */
  readonly path?: string;
  /** Environment and home folder for the default path; default this process's. */
  readonly platform?: Platform;
  /** Test hook: runs after the temporary file is written and flushed, before it is renamed over the config. */
  readonly crashBeforeRename?: () => void;
}

/** What `editConfig` did. */
export interface EditResult {
  /** The config file edited (as given, or the default path). */
  readonly path: string;
  /** The file written: `path`, or the target of the symbolic link at `path`. */
  readonly target: string;
  /** Whether the file's bytes changed; false when every edit was already true of it (nothing is written then). */
  readonly changed: boolean;
  /** Whether the file did not exist before. */
  readonly created: boolean;
}

function currentPlatform(): Platform {
  return { os: process.platform, env: process.env, homedir: homedir() };
}

/** The file's text, table and stats, read through the bounded reader; a missing file is empty. Problems are InputErrors. */
function readConfig(path: string): { text: string; table: Table; stats?: Stats } {
  const read = readTextFile(path, { maxBytes: MAX_TOML_BYTES, tooLargeFix: 'keep config.toml small' });
  if (!read.ok) {
    if (read.code === 'ENOENT') return { text: '', table: {} };
    throwIfErrors([read.diagnostic]);
  }
  const text = read.ok ? read.text : '';
  const parsed = parseTomlText(text, path);
  if (!parsed.ok) throwIfErrors([parsed.diagnostic]);
  try {
    indexToml(text);
  } catch (error) {
    if (!(error instanceof ParseError)) tooComplex(path, error);
    refuse(
      path,
      `invalid TOML at line ${error.lineNumber}, column ${error.column}: ${error.message}`,
      'correct the TOML syntax at that position',
      'toml-syntax',
    );
  }
  return { text, table: parsed.ok ? parsed.table : {}, stats: statSync(path) };
}

/** A file whose layout the editor cannot follow (its stack ran out on a huge value or a deep nesting) is refused. */
function tooComplex(path: string, error: unknown): never {
  if (!(error instanceof RangeError)) throw error;
  return refuse(
    path,
    'has a value too long or nested too deeply to edit while keeping its layout; nothing was changed',
    'edit the file by hand, or shorten that value',
    'too-large',
  );
}

/**
 * Refuses a file the user cannot write (its permissions say read-only: replacing it would ignore them) and a file
 * with more than one hard link (replacing it would split the links silently; it is never edited in place, which
 * could leave it half written).
 */
function checkReplaceable(path: string, stats: Stats): void {
  let denied = false;
  try {
    accessSync(path, constants.W_OK);
  } catch {
    denied = true;
  }
  // root may write anything; a file with no write bit at all is still meant to be read-only.
  if (denied || (process.getuid?.() === 0 && (stats.mode & 0o222) === 0)) {
    refuse(
      path,
      `is read-only (mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}); refusing to replace it`,
      `make it writable first (chmod u+w ${path}) if you mean to change it`,
      'read-failed',
    );
  }
  if (stats.nlink > 1) {
    refuse(
      path,
      `has ${stats.nlink} hard links; replacing it would split them, so it is left unchanged`,
      `edit it another way, or remove its other links (find / -samefile ${path}) and try again`,
      'read-failed',
    );
  }
}

/**
 * Persists edits to the user's config.toml under the policy's requirements. The whole batch is checked first
 * with `checkConfigWrite` against the file as it is; if any edit is refused (or a value cannot be written as
 * TOML) an InputError carrying every reason is thrown and nothing is written. Otherwise the edits are applied
 * in order, keeping every byte outside the edited values (comments, blank lines, order, quoting, layout), and
 * the file is replaced atomically. An edit with `value: undefined` removes the key. A missing file counts as
 * empty and is created. The read, check, edit and replace happen under an exclusive lock on the file (see
 * `withFileLock`), so concurrent writers never lose each other's edits. A file that is not a regular file, is
 * too large, is not UTF-8, is read-only or has other hard links is refused, as is every filesystem failure:
 * each an InputError naming the file and a fix, the file left as it was.
 */
export async function editConfig(
  policy: Policy,
  edits: readonly ConfigEdit[],
  options: EditOptions = {},
): Promise<EditResult> {
  const path = options.path ?? defaultConfigPath(options.platform ?? currentPlatform());
  const target = writeTarget(path);
  const values = new DiagnosticBag(path);
  for (const edit of edits) {
    const why = edit.value === undefined ? undefined : unwritable(edit.value);
    if (why)
      values.report({
        severity: 'error',
        kind: 'invalid-value',
        key: edit.key,
        message: `${edit.key} = ${formatValue(edit.value)} cannot be written to TOML: ${why}`,
        suggestion: 'write a string, number, boolean, date, array or table',
      });
  }
  throwIfErrors(values.items);
  // A special, huge or unreadable file is refused before anything (its folder, the lock) is created beside it.
  await onFsError(target, 'read', () => readConfig(target));
  await onFsError(target, 'create its folder', async () => {
    try {
      await mkdir(dirname(target), { recursive: true });
    } catch (error) {
      // mkdir says EEXIST when a part of the path is a file: that is a path through a file.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') (error as NodeJS.ErrnoException).code = 'ENOTDIR';
      throw error;
    }
  });

  // Under the lock: read the file as it is now, check, apply, replace. Writers never lose each other's edits.
  return withFileLock(target, (lock) =>
    onFsError(target, 'edit', async () => {
      const { text, table, stats } = readConfig(target);
      const verdict = checkConfigWrite(policy, { table, name: path }, edits);
      if (!verdict.ok) throwIfErrors(verdict.problems);
      let next: string;
      try {
        next = applyEdits(text, edits);
      } catch (error) {
        tooComplex(target, error);
      }
      if (next === text) return { path, target, changed: false, created: false };
      if (stats) checkReplaceable(target, stats);
      await onFsError(target, 'write', () => {
        removeLeftovers(target);
        return writeAtomic(target, next, () => {
          options.crashBeforeRename?.();
          if (lock.lost) refuse(target, 'lost its lock while writing; nothing was changed', 'try again', 'read-failed');
        });
      });
      return { path, target, changed: true, created: stats === undefined };
    }),
  );
}
