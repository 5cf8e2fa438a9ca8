#!/usr/bin/env node
import { statSync } from 'node:fs';

// The bundle (dist/ratchet.mjs and its chunks) starts faster; it is used unless it is older than the modules it was
// made from.
const age = (file) => {
  try {
    return statSync(new URL(file, import.meta.url)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = age('../dist/ratchet.mjs') >= age('../dist/main.js');

// A reader that stops early (`ratchet resolve | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
const args = process.argv.slice(2);
// `ratchet check` is first tried from the compiled-rules cache, with a bundle of its own that loads no provider.
let status;
if (args[0] === 'check') {
  const { checkFromCache } = await import(bundled ? '../dist/check-fast.mjs' : '../dist/commands/check-fast.js');
  status = await checkFromCache(args.slice(1), process.stdout, process.stderr);
}
if (status === undefined) {
  const { run } = await import(bundled ? '../dist/ratchet.mjs' : '../dist/main.js');
  status = await run(args, process.stdout, process.stderr);
}
process.exitCode = status;
