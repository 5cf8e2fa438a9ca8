import { readdirSync, readFileSync } from 'node:fs';
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

/** The folder of vector files: `RATCHET_CONFORMANCE_DIR`, else `shared/conformance` beside the repository. */
export const vectorDir = resolve(process.env.RATCHET_CONFORMANCE_DIR ?? join(repoRoot, '../shared/conformance'));

/** Vectors the project wrote itself from the spec's cited Codex tests, beside the shared ones (same format). */
export const projectVectorDir = resolve(repoRoot, 'test/conformance/spec-vectors');

/** Every vector file of a folder (name and cases), in name order. */
export function loadVectorFiles(dir = vectorDir): { file: string; vectors: Vector[] }[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, vectors: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Vector[] }));
}
