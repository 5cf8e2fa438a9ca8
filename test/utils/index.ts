import { execFileSync, spawn } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The built `ratchet` command. */
export const ratchetBin = join(repoRoot, 'packages/cli/bin/ratchet.js');

/** What one run of the command produced. */
export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `ratchet ARGS...` as a child process, with HOME and CODEX_HOME pointing at an empty folder. */
export function runRatchet(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ratchetBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: emptyHome, CODEX_HOME: emptyHome, ...options.env },
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    if (options.input !== undefined) child.stdin!.end(options.input);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ status: code ?? -1, stdout, stderr }));
  });
}

/** What one measured run produced, with its wall time and the process's peak resident memory. */
export interface MeasuredRun extends RunResult {
  readonly ms: number;
  readonly maxRssKiB: number;
  /** Whether the run was killed at the guard (it hung). */
  readonly killed: boolean;
}

/**
 * Runs `ratchet ARGS...` in a child process that reports its own peak memory (`measured-run.mjs`), killing it
 * after `guardMs` (a hang guard, not a speed claim): what bounded-input tests assert on.
 */
export function runRatchetMeasured(
  args: readonly string[],
  options: { env?: Record<string, string>; guardMs?: number } = {},
): Promise<MeasuredRun> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'test/utils/measured-run.mjs'), join(repoRoot, 'packages/cli/dist/ratchet.mjs'), ...args],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? '', HOME: emptyHome, CODEX_HOME: emptyHome, ...options.env },
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    let report = '';
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.guardMs ?? 10_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    (child.stdio[3] as NodeJS.ReadableStream).setEncoding('utf8').on('data', (chunk: string) => (report += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      const measured = report ? (JSON.parse(report) as { maxRssKiB: number }) : { maxRssKiB: -1 };
      resolvePromise({ status: code ?? -1, stdout, stderr, ms: performance.now() - started, killed, ...measured });
    });
  });
}

const emptyHome = mkdtempSync(join(tmpdir(), 'ratchet-home-'));

/** The environment `runRatchet` gives the command: PATH, and HOME and CODEX_HOME pointing at an empty folder. */
export function emptyHomeEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: emptyHome, CODEX_HOME: emptyHome };
}

/** A temporary folder for one test, with a helper to write files into it. */
export interface TmpDir {
  readonly path: string;
  write(name: string, text: string): string;
  remove(): void;
}

export function tmpDir(prefix = 'ratchet-test-'): TmpDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    write(name, text) {
      const file = join(path, name);
      writeFileSync(file, text);
      return file;
    },
    remove: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Whether output shows a JavaScript stack frame (a user must never see one). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text);
}

/**
 * Special files made in `folder`, by what they are: `/dev/zero`, `/dev/urandom`, a FIFO, a 5 GB sparse file (no
 * disk used), a link to /dev/zero and a symbolic link loop. POSIX only.
 */
export function specialFiles(folder: string): Record<string, string> {
  const fifo = join(folder, 'fifo.toml');
  execFileSync('mkfifo', [fifo]);
  const sparse = join(folder, 'sparse.toml');
  const fd = openSync(sparse, 'w');
  ftruncateSync(fd, 5 * 1024 ** 3);
  closeSync(fd);
  const link = join(folder, 'zero-link.toml');
  symlinkSync('/dev/zero', link);
  const loop = join(folder, 'loop.toml');
  symlinkSync(join(folder, 'loop-2.toml'), loop);
  symlinkSync(loop, join(folder, 'loop-2.toml'));
  return {
    '/dev/zero': '/dev/zero',
    '/dev/urandom': '/dev/urandom',
    FIFO: fifo,
    '5 GB sparse file': sparse,
    'link to /dev/zero': link,
    'symbolic link loop': loop,
  };
}

export { ACME_PLUGIN_SOURCE, writeAcmePlugin } from './plugin.js';
