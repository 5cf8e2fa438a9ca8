import { afterAll, describe, expect, it } from 'vitest';
import { heldVector, runVector } from './run-vector.js';
import { codex171Dir, loadOverrides, loadVectorFiles, projectVectorDir, vectorDir, withOverride } from './vectors.js';

const counts = new Map<string, { passed: number; failed: number }>();
const held: string[] = [];

const overrides = loadOverrides();

// Every vector runs through the built `ratchet` command; none is skipped. The shared vectors come first (a shared
// vector that Codex 0.171 answers differently expects the recorded 0.171 answer, its reason in the test name),
// then the project's own, written from the spec's cited Codex tests, then those recorded from Codex 0.171.
for (const [title, dir, prefix] of [
  ['conformance vectors', vectorDir, ''],
  ['spec-derived vectors', projectVectorDir, 'spec-vectors/'],
  ['Codex 0.171 vectors', codex171Dir, 'codex-0.171/'],
] as const) {
  describe.concurrent(`${title} in ${dir}`, () => {
    for (const { file, vectors } of loadVectorFiles(dir)) {
      const tally = { passed: 0, failed: 0 };
      counts.set(`${prefix}${file}`, tally);
      for (const written of vectors) {
        const shared = prefix === '' ? withOverride(file, written, overrides) : written;
        const { vector, problems: invalid } = heldVector(shared, prefix === '');
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
  const lines = [...counts].map(([file, c]) => `  ${file.padEnd(32)} ${c.passed} passed, ${c.failed} failed`);
  console.log(`conformance counts per file:\n${lines.join('\n')}`);
  // Shared vectors answered stricter than they expect, each with its reason in stricter.ts.
  if (held.length > 0) console.log(`held stricter than the shared vector (see stricter.ts):\n  ${held.join('\n  ')}`);
});
