import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.base.js';

// Packing and installing every package takes a while on a shared 2-core machine: the setup gets its own bound.
export default mergeConfig(base, defineConfig({ test: { hookTimeout: 600_000, testTimeout: 120_000 } }));
