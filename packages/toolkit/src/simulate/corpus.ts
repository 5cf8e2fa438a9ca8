import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readTextFile, throwIfErrors, type AnyQuestion, type BoundQuery, type Report } from '@ratchet/core';

/** A corpus: user config.toml files (`*.toml`) and command logs (`*.jsonl`), found anywhere below a folder. */
export interface Corpus {
  readonly configs: readonly string[];
  readonly logs: readonly string[];
}

/** A command log is read whole up to this size (a million commands take about 40 MB). */
export const MAX_LOG_BYTES = 1024 * 1024 * 1024;

/** The corpus below `root` (or `root` itself when it is one file), sorted by path; dot folders are skipped. */
export function findCorpus(root: string): Corpus {
  const configs: string[] = [];
  const logs: string[] = [];
  const file = (path: string) => {
    if (path.endsWith('.toml')) configs.push(path);
    else if (path.endsWith('.jsonl')) logs.push(path);
  };
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) file(path);
    }
  };
  if (statSync(root).isDirectory()) walk(root);
  else file(root);
  return { configs, logs };
}

/** A command log as read: its label and its text (strict UTF-8, at most MAX_LOG_BYTES). */
export interface CommandLog {
  readonly label: string;
  readonly text: string;
}

/** Reads a command log; a file that cannot be read is invalid input naming it. */
export function readLog(path: string, label = relative(process.cwd(), path) || path): CommandLog {
  const read = readTextFile(path, {
    maxBytes: MAX_LOG_BYTES,
    label,
    tooLargeFix: 'split the log into files under 1 GiB',
  });
  if (!read.ok) throwIfErrors([read.diagnostic]);
  return { label, text: read.ok ? read.text : '' };
}

/** How many non-blank lines a log has (for a progress bar), counted without parsing. */
export function countCommands(log: CommandLog): number {
  let count = 0;
  let start = 0;
  while (start < log.text.length) {
    let end = log.text.indexOf('\n', start);
    if (end === -1) end = log.text.length;
    if (/\S/.test(log.text.slice(start, Math.min(end, start + 64)))) count++;
    start = end + 1;
  }
  return count;
}

/** One line of a log: where it is and its text (trimmed, never blank). */
export interface LogLine {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

/** The non-blank lines of a log, without parsing them (a simulation parses each distinct text once). */
export function* linesOf(log: CommandLog): Generator<LogLine> {
  const { text, label } = log;
  let start = 0;
  for (let line = 1; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end).trim();
    start = end + 1;
    if (raw !== '') yield { file: label, line, text: raw };
  }
}

/**
 * A log line as a command: a JSON argv array or a JSON string (a shell script), read by the question that answers
 * commands. A line that is neither is invalid input: a diagnostic naming the file, the line and the fix.
 */
export function commandOf(line: LogLine, question: AnyQuestion): BoundQuery {
  const bad = (message: string): never => {
    throwIfErrors([
      {
        kind: 'invalid-value',
        severity: 'error',
        source: line.file,
        key: `line ${line.line}`,
        message,
        suggestion: 'write each line as a JSON array of words (["git", "push"]) or a JSON string ("git push && ls")',
      },
    ]);
    throw new Error('unreachable');
  };
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch {
    bad('not JSON');
  }
  let problem: Report | undefined;
  const query = question.parse(value, {}, (r) => {
    if (r.severity === 'error') problem ??= r;
  });
  return problem || !query ? bad(problem?.message ?? 'not a command') : query;
}
