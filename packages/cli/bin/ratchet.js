#!/usr/bin/env node
import { statSync } from 'node:fs';

// The bundle (dist/ratchet.mjs) starts faster; it is used unless it is older than the modules it was made from.
const age = (file) => {
  try {
    return statSync(new URL(file, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const { run } = await import(
  age('../dist/ratchet.mjs') >= age('../dist/main.js') ? '../dist/ratchet.mjs' : '../dist/main.js'
);

// A reader that stops early (`ratchet resolve | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await run(process.argv.slice(2), process.stdout, process.stderr);
