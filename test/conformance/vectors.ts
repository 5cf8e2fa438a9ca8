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
  /** The `[profiles.<name>]` of the config to select (`--profile`); a `profile` key in the config is refused. */
  readonly profile?: string;
  readonly note?: string;
  readonly expect: {
    readonly exit?: number;
    readonly effective?: Record<string, unknown>;
    readonly warned_keys?: readonly string[];
    /** Each must start the key of at least one warning (`hooks.SessionEnd` for `hooks.SessionEnd[0].hooks[0].timeout`). */
    readonly warned_key_prefixes?: readonly string[];
    /** Keys no warning may name (a key Codex reads must not be called unknown). */
    readonly not_warned_keys?: readonly string[];
    /** Dotted paths (list indexes as numbers) that must be absent from the effective configuration. */
    readonly absent_paths?: readonly string[];
    readonly stderr_contains?: readonly string[];
    readonly decision?: string;
  };
}

/** A shared vector whose expectation Codex 0.171 answers differently: the 0.171 answer, recorded, and why. */
export interface Override extends Vector {
  /** `<file> <id>` of the shared vector. */
  readonly overrides: string;
  readonly reason: string;
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

/** Vectors recorded from the Codex 0.171 binary (each names the command that answered). */
export const codex171Dir = resolve(vectorDir, 'codex-0.171');

const OVERRIDES = 'shared-overrides.json';

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
    .filter((name) => name.endsWith('.json') && name !== OVERRIDES)
    .sort()
    .map((file) => ({ file, vectors: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Vector[] }));
}

/** The recorded Codex 0.171 answers that replace shared vectors' expectations, by `<file> <id>`. */
export function loadOverrides(): Map<string, Override> {
  const list = JSON.parse(readFileSync(join(codex171Dir, OVERRIDES), 'utf8')) as Override[];
  return new Map(list.map((o) => [o.overrides, o]));
}

/**
 * A shared vector as the suite runs it: unchanged, or with the Codex 0.171 expectation of its override. An
 * override applies only to the very inputs it was recorded on; a shared vector that changed fails instead.
 */
export function withOverride(file: string, vector: Vector, overrides: ReadonlyMap<string, Override>): Vector {
  const override = overrides.get(`${file} ${vector.id}`);
  if (override === undefined) return vector;
  const inputs = (v: Vector) => JSON.stringify([v.requirements ?? [], v.config ?? '', v.rules ?? [], v.command ?? []]);
  if (inputs(override) !== inputs(vector))
    throw new Error(
      `${OVERRIDES}: the inputs of ${file} ${vector.id} changed since its Codex 0.171 answer was recorded`,
    );
  return { ...vector, expect: override.expect, from: override.from, note: `Codex 0.171 answer: ${override.reason}` };
}
