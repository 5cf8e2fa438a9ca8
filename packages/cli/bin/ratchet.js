#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): Node starts a CommonJS main without its ES module loader, and a check answered
// from the compiled-rules cache (the bundle dist/check-fast.cjs) never needs that loader.
'use strict';
const { statSync, writeSync } = require('node:fs');
const { isatty } = require('node:tty');
const { join } = require('node:path');

// The bundles (dist/ratchet.mjs and its chunks, dist/check-fast.cjs) start faster; they are used unless they are older
// than the modules they were made from.
const dist = join(__dirname, '..', 'dist');
const age = (file) => {
  try {
    return statSync(join(dist, file)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundled = age('ratchet.mjs') >= age('main.js');

/** A reader that stops early (`ratchet resolve | head`) is not an error. */
const quietOnEpipe = (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
};

/** process.stdout or process.stderr, made on first use (making one loads Node's stream modules). */
function stream(name) {
  const made = process[name];
  if (name === 'stdout' && made.listenerCount('error') === 0) made.on('error', quietOnEpipe);
  return made;
}

/**
 * Writes straight to stdout or stderr, in order and whole, without Node's streams, which a one-shot answer does not
 * need. When the descriptor would block (a non-blocking pipe that is full), this and every later write go to the
 * stream, which waits for the reader. Like the stream, it says whether it is a terminal.
 */
function direct(fd, name) {
  let fallback;
  return {
    // Colour follows the descriptor, as it does for the stream (`NO_COLOR`/`FORCE_COLOR` decide first).
    isTTY: isatty(fd),
    write(text) {
      if (fallback) return fallback.write(text);
      const bytes = Buffer.from(text);
      let at = 0;
      try {
        while (at < bytes.length) at += writeSync(fd, bytes, at);
      } catch (error) {
        if (error.code !== 'EAGAIN') quietOnEpipe(error);
        fallback = stream(name);
        fallback.write(bytes.subarray(at));
      }
    },
  };
}

async function main(args) {
  // `ratchet --version` is this package's version, read from its manifest without loading the command.
  if (bundled && args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    direct(1, 'stdout').write(`ratchet ${require('../package.json').version}\n`);
    return 0;
  }
  // Help (`--help`, `-h` or `help`, before any `--`) comes from the command table alone, without the ES module loader.
  const end = args.indexOf('--');
  const options = end === -1 ? args : args.slice(0, end);
  if (bundled && (args.length === 0 || args[0] === 'help' || options.some((a) => a === '--help' || a === '-h')))
    return require('../dist/help.cjs').run(args, stream('stdout'), stream('stderr'));
  // `ratchet check` is first tried from the compiled-rules cache, with a bundle of its own that loads no provider.
  if (args[0] === 'check') {
    const { checkFromCache } = bundled
      ? require('../dist/check-fast.cjs')
      : await import('../dist/commands/check-fast.js');
    const status = await checkFromCache(args.slice(1), direct(1, 'stdout'), direct(2, 'stderr'));
    if (status !== undefined) return status;
  }
  const { run } = await import(bundled ? '../dist/ratchet.mjs' : '../dist/main.js');
  return run(args, stream('stdout'), stream('stderr'));
}

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
