import { defineConfig } from 'vitest/config';

// The property tests parse and rewrite hundreds of documents; on a loaded 2-core machine that can take more than
// vitest's default 5 s per test.
export default defineConfig({ test: { testTimeout: 30_000 } });
