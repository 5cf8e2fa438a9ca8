import { defineConfig } from 'vitest/config';

// The adversarial suite decides megabyte-long inputs; on a loaded 2-core machine one such test can take a few
// seconds, so a test gets more than vitest's default 5 s before it counts as hung.
export default defineConfig({ test: { testTimeout: 30_000 } });
