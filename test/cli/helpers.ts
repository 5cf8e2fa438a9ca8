import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  hasStackTrace,
  repoRoot,
  runRatchet,
  tmpDir,
  writeAcmePlugin,
  type RunResult,
  type TmpDir,
} from '@ratchet/test-utils';
import { afterAll, expect } from 'vitest';

export { runRatchet, type RunResult };

/** The example files, relative to the repository root (the default working folder of `runRatchet`). */
export const EXAMPLE_REQUIREMENTS = 'examples/requirements.toml';
export const EXAMPLE_CONFIG = 'examples/config.toml';
export const LAPTOP = 'laptop-042.corp.example.com';
export const RUNNER = 'runner-07.ci.example.com';

/** `resolve`/`explain` flags for the examples on a laptop. */
export const examples = [
  '--requirements',
  EXAMPLE_REQUIREMENTS,
  '--config',
  EXAMPLE_CONFIG,
  '--hostname',
  LAPTOP,
] as const;

/** A temporary folder for one test file, removed when the file's tests are done. */
export function fileScopedDir(prefix: string): TmpDir {
  const dir = tmpDir(prefix);
  afterAll(() => dir.remove());
  return dir;
}

/**
 * A project with the third-party acme plugin installed beside it (its @ratchet/core is the repository's, as a package
 * manager would link it), for the command to load by name with `--plugin acme-ratchet-plugin`.
 */
export function acmeProject(prefix: string): TmpDir {
  const project = fileScopedDir(prefix);
  writeAcmePlugin(project.path);
  mkdirSync(join(project.path, 'node_modules/@ratchet'), { recursive: true });
  symlinkSync(join(repoRoot, 'packages/core'), join(project.path, 'node_modules/@ratchet/core'));
  return project;
}

export interface ProvenanceJson {
  value: unknown;
  provider: string;
  rule: string;
  requested: { value: unknown; layer: string; source: string; key: string } | null;
  constraints: { field: string; value: unknown; sources: string[] }[];
}

export interface DiagnosticJson {
  key: string | null;
  kind: string;
  message: string;
  source?: string;
  suggestion?: string;
  provider?: string;
}

export interface ResolveJson {
  effective: Record<string, unknown>;
  warnings: DiagnosticJson[];
  notices: DiagnosticJson[];
  provenance: Record<string, ProvenanceJson>;
  layers: { source: string; kind: string; keys: string[] }[];
}

/** Asserts a successful run with nothing on stderr and returns stdout parsed as JSON. */
export function parseJson<T>(result: RunResult): T {
  expect(result.stderr, 'stderr').toBe('');
  expect(result.status, `exit status (stderr: ${result.stderr})`).toBe(0);
  return JSON.parse(result.stdout) as T;
}

/** Runs `ratchet resolve ARGS... --json` and returns the parsed document. */
export async function resolveJson(
  args: readonly string[],
  options?: Parameters<typeof runRatchet>[1],
): Promise<ResolveJson> {
  return parseJson<ResolveJson>(await runRatchet(['resolve', ...args, '--json'], options));
}

/** The non-empty lines of a text. */
export function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/**
 * Asserts the run was refused as invalid input: exit 2, nothing on stdout, exactly one line on stderr that
 * contains every one of `parts`, and no stack trace. Returns that line.
 */
export function expectInputError(result: RunResult, ...parts: string[]): string {
  expect(result.status, `exit status (stderr: ${result.stderr})`).toBe(2);
  expect(result.stdout, 'stdout').toBe('');
  expect(hasStackTrace(result.stderr), `stderr shows a stack trace: ${result.stderr}`).toBe(false);
  expect(result.stderr, 'stderr ends with one newline').toMatch(/^[^\n]+\n$/);
  const [line] = lines(result.stderr);
  for (const part of parts) expect(line, `stderr line names ${JSON.stringify(part)}`).toContain(part);
  return line!;
}

/** Asserts stderr (or any output) carries no stack trace. */
export function expectNoStackTrace(result: RunResult): void {
  expect(hasStackTrace(result.stderr), result.stderr).toBe(false);
  expect(result.stderr).not.toContain('internal error');
}
