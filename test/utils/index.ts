import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [ratchetBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: emptyHome, CODEX_HOME: emptyHome, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ status: code ?? -1, stdout, stderr }));
  });
}

const emptyHome = mkdtempSync(join(tmpdir(), 'ratchet-home-'));

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
export { ACME_PLUGIN_SOURCE, writeAcmePlugin } from './plugin.js';
