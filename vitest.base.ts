import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// One bound for every package: a test that runs longer than this is counted as hung. It is not a speed claim
// (speed lives in `npm run bench`); CI runs every package at once on a 2-core machine, where vitest's default 5 s
// is too tight for tests that start processes or check many inputs.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    setupFiles: [fileURLToPath(new URL('./vitest.setup.ts', import.meta.url))],
  },
});
