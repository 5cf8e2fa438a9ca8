import { afterAll, describe, expect, it } from 'vitest';
import { heldVector, runVector } from './run-vector.js';
import { loadVectorFiles, projectVectorDir, vectorDir } from './vectors.js';

const counts = new Map<string, { passed: number; failed: number }>();
const held: string[] = [];

// Every vector runs through the built `ratchet` command; none is skipped. The shared vectors come first, then
// the project's own, written from the spec's cited Codex tests.
for (const [title, dir, prefix] of [
  ['conformance vectors', vectorDir, ''],
  ['spec-derived vectors', projectVectorDir, 'spec-vectors/'],
] as const) {
  describe.concurrent(`${title} in ${dir}`, () => {
    for (const { file, vectors } of loadVectorFiles(dir)) {
      const tally = { passed: 0, failed: 0 };
      counts.set(`${prefix}${file}`, tally);
      for (const written of vectors) {
        const { vector, problems: invalid } = heldVector(written, prefix === '');
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
  const lines = [...counts].map(([file, c]) => `  ${file.padEnd(32)} ${c.passed} passed, ${c.failed} failed`);
  console.log(`conformance counts per file:\n${lines.join('\n')}`);
  // Shared vectors answered stricter than they expect, each with its reason in stricter.ts.
  if (held.length > 0) console.log(`held stricter than the shared vector (see stricter.ts):\n  ${held.join('\n  ')}`);
});
