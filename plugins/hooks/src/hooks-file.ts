import {
  isTable,
  MAX_TOML_BYTES,
  readTextFile,
  typeName,
  type Classified,
  type Diagnostic,
  type Table,
} from '@ratchet/core';
import { EVENTS } from './events.js';

/** What a `hooks.json` gave: its `[hooks]`-shaped table (when it has one) and any problem with the file. */
export interface HooksFile {
  readonly table?: Table;
  readonly diagnostics: readonly Diagnostic[];
}

const problem = (path: string, classified: Classified, message: string, suggestion: string): Diagnostic => ({
  ...classified,
  source: path,
  key: 'hooks',
  provider: 'hooks',
  message,
  suggestion,
});

const hasGroups = (hooks: unknown) =>
  isTable(hooks) && EVENTS.some((e) => Array.isArray(hooks[e]) && hooks[e].length > 0);

/**
 * Reads Codex's `hooks.json` (`{"hooks": {"PreToolUse": [...], ...}}`) from a config folder. A missing file is no
 * hooks; a file that is too large, not JSON or not of that shape is an error.
 */
export function readHooksFile(path: string): HooksFile {
  const read = readTextFile(path, { maxBytes: MAX_TOML_BYTES, tooLargeFix: 'keep hooks.json small' });
  if (!read.ok) {
    if (read.code === 'ENOENT' || read.code === 'ENOTDIR') return { diagnostics: [] };
    const { message, suggestion } = read.diagnostic;
    return { diagnostics: [problem(path, read.diagnostic, message, suggestion ?? 'check the file')] };
  }
  const text = read.text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      diagnostics: [
        problem(
          path,
          { severity: 'error', kind: 'invalid-value' },
          `invalid JSON: ${(error as Error).message}`,
          'write {"hooks": {"PreToolUse": [...]}}',
        ),
      ],
    };
  }
  if (!isTable(parsed) || (parsed.hooks !== undefined && !isTable(parsed.hooks))) {
    const found = isTable(parsed) ? parsed.hooks : parsed;
    return {
      diagnostics: [
        problem(
          path,
          { severity: 'error', kind: 'invalid-type' },
          `invalid type: expected {"hooks": {...}}, found ${typeName(found)}`,
          'write {"hooks": {"PreToolUse": [...]}}',
        ),
      ],
    };
  }
  return parsed.hooks === undefined ? { diagnostics: [] } : { table: { hooks: parsed.hooks }, diagnostics: [] };
}

/** Codex's warning when one layer has hooks both in its `hooks.json` (at `path`) and in its config.toml `[hooks]`. */
export function hooksInBoth(path: string, jsonHooks: unknown, inlineHooks: unknown): Diagnostic | undefined {
  if (!hasGroups(jsonHooks) || !hasGroups(inlineHooks)) return undefined;
  return problem(
    path,
    { severity: 'warning', kind: 'conflict' },
    `loading hooks from both ${path} and the [hooks] of config.toml beside it; prefer a single representation for this layer`,
    'keep the hooks in one of the two',
  );
}
