import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import {
  checkConfigWrite,
  defaultConfigPath,
  DiagnosticBag,
  formatValue,
  parseTomlText,
  readTomlFile,
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
import { writeAtomic, writeTarget } from './write.js';

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

/** The file's text and table; a missing file is empty. Size limit, read and syntax errors are InputErrors. */
function readConfig(path: string): { text: string; table: Table; exists: boolean } {
  const first = readTomlFile(path, 'absent');
  if (first === undefined) return { text: '', table: {}, exists: false };
  if (!first.ok) throwIfErrors([first.diagnostic]);
  // Read again as text to edit; parsed again in case the file changed in between.
  const text = readFileSync(path, 'utf8');
  const read = parseTomlText(text, path);
  if (!read.ok) throwIfErrors([read.diagnostic]);
  try {
    indexToml(text);
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    throwIfErrors([
      {
        kind: 'toml-syntax',
        severity: 'error',
        source: path,
        message: `invalid TOML at line ${error.lineNumber}, column ${error.column}: ${error.message}`,
        suggestion: 'correct the TOML syntax at that position',
      },
    ]);
  }
  return { text, table: read.ok ? read.table : {}, exists: true };
}

/**
 * Persists edits to the user's config.toml under the policy's requirements. The whole batch is checked first
 * with `checkConfigWrite` against the file as it is; if any edit is refused (or a value cannot be written as
 * TOML) an InputError carrying every reason is thrown and nothing is written. Otherwise the edits are applied
 * in order, keeping every byte outside the edited values (comments, blank lines, order, quoting, layout), and
 * the file is replaced atomically. An edit with `value: undefined` removes the key. A missing file counts as
 * empty and is created.
 */
export async function editConfig(
  policy: Policy,
  edits: readonly ConfigEdit[],
  options: EditOptions = {},
): Promise<EditResult> {
  const path = options.path ?? defaultConfigPath(options.platform ?? currentPlatform());
  const target = writeTarget(path);
  const { text, table, exists } = readConfig(target);

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
  const verdict = checkConfigWrite(policy, { table, name: path }, edits);
  if (!verdict.ok) throwIfErrors(verdict.problems);

  const next = applyEdits(text, edits);
  if (next === text) return { path, target, changed: false, created: false };
  await writeAtomic(target, next, options.crashBeforeRename);
  return { path, target, changed: true, created: !exists };
}
