import { afterAll, describe, expect, it } from 'vitest';
import { runVector } from './run-vector.js';
import { loadVectorFiles, vectorDir } from './vectors.js';

const counts = new Map<string, { passed: number; failed: number }>();

// Every vector runs through the built `ratchet` command; none is skipped.
describe.concurrent(`conformance vectors in ${vectorDir}`, () => {
  for (const { file, vectors } of loadVectorFiles()) {
    const tally = { passed: 0, failed: 0 };
    counts.set(file, tally);
    for (const vector of vectors) {
      it(`${file} ${vector.id}`, async () => {
        const problems = await runVector(vector);
        tally[problems.length > 0 ? 'failed' : 'passed']++;
        expect(problems, `${vector.id} (from ${vector.from ?? '?'})`).toEqual([]);
      });
    }
  }
});

afterAll(() => {
  const lines = [...counts].map(([file, c]) => `  ${file.padEnd(20)} ${c.passed} passed, ${c.failed} failed`);
  console.log(`conformance counts per file:\n${lines.join('\n')}`);
});
