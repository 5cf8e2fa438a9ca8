import { afterAll, describe, expect, it } from 'vitest';
import { heldVector, runVector } from './run-vector.js';
import {
  codex171Dir,
  loadOverrides,
  loadVectorFiles,
  notIn,
  outsideVectorDir,
  projectVectorDir,
  vectorDir,
  withOverride,
  type Vector,
} from './vectors.js';

const counts = new Map<string, { passed: number; failed: number }>();
const held: string[] = [];

const overrides = loadOverrides();

// Every vector runs through the built `ratchet` command; none is skipped. The conformance vectors (kept in the
// repository) come first (a conformance vector that Codex 0.171 answers differently expects the recorded 0.171
// answer, its reason in the test name), then the project's own, written from the spec's cited Codex tests, then
// those recorded from Codex 0.171, then those of an outside folder (RATCHET_CONFORMANCE_DIR, or shared/conformance
// beside the repository) that the copy lacks.
const inRepo = loadVectorFiles(vectorDir);
const outside = outsideVectorDir();
const suites: [string, string, string, { file: string; vectors: Vector[] }[]][] = [
  ['conformance vectors', vectorDir, '', inRepo],
  ['spec-derived vectors', projectVectorDir, 'spec-vectors/', loadVectorFiles(projectVectorDir)],
  ['Codex 0.171 vectors', codex171Dir, 'codex-0.171/', loadVectorFiles(codex171Dir)],
];
if (outside !== undefined)
  suites.push(['outside vectors', outside, 'outside/', notIn(loadVectorFiles(outside), inRepo)]);

for (const [title, dir, prefix, files] of suites.filter(([, , , files]) => files.length > 0)) {
  describe.concurrent(`${title} in ${dir}`, () => {
    for (const { file, vectors } of files) {
      const tally = { passed: 0, failed: 0 };
      counts.set(`${prefix}${file}`, tally);
      for (const written of vectors) {
        // The conformance vectors, kept here or outside, are Codex's answers; the spec-derived and 0.171 ones are the
        // project's records. A conformance vector that 0.171 answers differently expects the 0.171 answer.
        const codex = prefix === '' || prefix === 'outside/';
        const shared = codex ? withOverride(file, written, overrides) : written;
        const { vector, problems: invalid } = heldVector(shared, codex);
        if (vector !== shared)
          held.push(`${file} ${vector.id}: ${shared.expect.decision} -> ${vector.expect.decision}`);
        const overridden = shared === written ? '' : ` (expects ${shared.note})`;
        it(`${prefix}${file} ${vector.id}${overridden}`, async () => {
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
    const extra = suites[3]![3].reduce((n, f) => n + f.vectors.length, 0);
    console.log(`outside vectors in ${outside}: ${extra} beyond the repository's copy`);
  }
  const lines = [...counts].map(([file, c]) => `  ${file.padEnd(32)} ${c.passed} passed, ${c.failed} failed`);
  console.log(`conformance counts per file:\n${lines.join('\n')}`);
  // Shared vectors answered stricter than they expect, each with its reason in stricter.ts.
  if (held.length > 0) console.log(`held stricter than the shared vector (see stricter.ts):\n  ${held.join('\n  ')}`);
});
