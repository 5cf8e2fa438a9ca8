import { defineConfig } from 'vitest/config';

// These tests start real processes (the built command, hook scripts); on a loaded 2-core machine one can take
// a few seconds, so a test gets more than vitest's default 5 s before it counts as hung.
export default defineConfig({ test: { testTimeout: 30_000 } });
