import { afterAll, describe, expect, it } from 'vitest';
import { heldVector, runVector } from './run-vector.js';
import { loadVectorFiles, notIn, outsideVectorDir, projectVectorDir, vectorDir, type Vector } from './vectors.js';

const counts = new Map<string, { passed: number; failed: number }>();
const held: string[] = [];

// Every vector runs through the built `ratchet` command; none is skipped. The conformance vectors (kept in the
// repository) come first, then the project's own, written from the spec's cited Codex tests, then those of an
// outside folder (RATCHET_CONFORMANCE_DIR, or shared/conformance beside the repository) that the copy lacks.
const inRepo = loadVectorFiles(vectorDir);
const outside = outsideVectorDir();
const suites: [string, string, string, { file: string; vectors: Vector[] }[]][] = [
  ['conformance vectors', vectorDir, '', inRepo],
  ['spec-derived vectors', projectVectorDir, 'spec-vectors/', loadVectorFiles(projectVectorDir)],
];
if (outside !== undefined)
  suites.push(['outside vectors', outside, 'outside/', notIn(loadVectorFiles(outside), inRepo)]);

for (const [title, dir, prefix, files] of suites.filter(([, , , files]) => files.length > 0)) {
  describe.concurrent(`${title} in ${dir}`, () => {
    for (const { file, vectors } of files) {
      const tally = { passed: 0, failed: 0 };
      counts.set(`${prefix}${file}`, tally);
      for (const written of vectors) {
        // The conformance vectors, kept here or outside, are Codex's answers; the spec-derived ones are the project's.
        const { vector, problems: invalid } = heldVector(written, prefix !== 'spec-vectors/');
        if (vector !== written)
          held.push(`${file} ${vector.id}: ${written.expect.decision} -> ${vector.expect.decision}`);
        it(`${prefix}${file} ${vector.id}`, async () => {
          const problems = [...invalid, ...(await runVector(vector))];
          tally[problems.length > 0 ? 'failed' : 'passed']++;
          expect(problems, `${vector.id} (from ${vector.from ?? '?'})`).toEqual([]);
        });
      }
    }
  });
}

afterAll(() => {
  if (outside !== undefined) {
    const extra = suites[2]![3].reduce((n, f) => n + f.vectors.length, 0);
    console.log(`outside vectors in ${outside}: ${extra} beyond the repository's copy`);
  }
  const lines = [...counts].map(([file, c]) => `  ${file.padEnd(32)} ${c.passed} passed, ${c.failed} failed`);
  console.log(`conformance counts per file:\n${lines.join('\n')}`);
  // Shared vectors answered stricter than they expect, each with its reason in stricter.ts.
  if (held.length > 0) console.log(`held stricter than the shared vector (see stricter.ts):\n  ${held.join('\n  ')}`);
});
