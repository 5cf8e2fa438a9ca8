import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from '@ratchet/test-utils';

/** A behaviour vector as FORMAT.md describes it. */
export interface Vector {
  readonly id: string;
  readonly from?: string;
  readonly kind: 'resolve' | 'check';
  readonly requirements?: readonly string[];
  readonly config?: string;
  readonly rules?: readonly string[];
  readonly command?: readonly string[];
  readonly hostname?: string;
  readonly note?: string;
  readonly expect: {
    readonly exit?: number;
    readonly effective?: Record<string, unknown>;
    readonly warned_keys?: readonly string[];
    readonly stderr_contains?: readonly string[];
    readonly decision?: string;
  };
}

/** The conformance vectors the suite needs, kept in the repository (with FORMAT.md), so a clone tests on its own. */
export const vectorDir = resolve(repoRoot, 'test/conformance/vectors');

/**
 * An outside folder of vectors (same format) run in addition: `RATCHET_CONFORMANCE_DIR`, else `shared/conformance`
 * beside the repository when there is one; undefined when neither is there. A named folder that does not exist is
 * an error, so a mistyped variable never passes quietly.
 */
export function outsideVectorDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const named = env.RATCHET_CONFORMANCE_DIR;
  if (named !== undefined && named !== '') {
    if (!existsSync(named)) throw new Error(`RATCHET_CONFORMANCE_DIR=${named} does not exist`);
    return resolve(named);
  }
  const beside = resolve(repoRoot, '../shared/conformance');
  return existsSync(beside) ? beside : undefined;
}

/** Vectors the project wrote itself from the spec's cited Codex tests, beside the shared ones (same format). */
export const projectVectorDir = resolve(repoRoot, 'test/conformance/spec-vectors');

/** Vectors of `files` that the repository's own copy does not already hold (the same case, byte for byte as JSON). */
export function notIn(
  files: readonly { file: string; vectors: Vector[] }[],
  known: readonly { vectors: readonly Vector[] }[],
): { file: string; vectors: Vector[] }[] {
  const seen = new Set(known.flatMap((f) => f.vectors.map((v) => JSON.stringify(v))));
  return files
    .map(({ file, vectors }) => ({ file, vectors: vectors.filter((v) => !seen.has(JSON.stringify(v))) }))
    .filter((f) => f.vectors.length > 0);
}

/** Every vector file of a folder (name and cases), in name order. */
export function loadVectorFiles(dir = vectorDir): { file: string; vectors: Vector[] }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, vectors: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Vector[] }));
}
