#!/usr/bin/env node
// CommonJS on purpose (bin/package.json): Node starts a CommonJS main without its ES module loader, and a check answered
// from the compiled-rules cache (the bundle dist/check-fast.cjs) never needs that loader.
'use strict';
const { fstatSync, readFileSync, statSync, writeSync } = require('node:fs');
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

/** The first line of each CommonJS bundle names its build (scripts/bundle.mjs): `// ratchet build ID`. */
const BUILD_LINE = '// ratchet build ';

/**
 * Requires one of the CommonJS bundles of dist (`check-fast.cjs`, `help.cjs`) with the V8 code cache the build made by
 * running it (`FILE.BUILD.cache`): V8 then reads the bytecode of what an answer runs instead of parsing and compiling
 * the bundle, which is most of what a cached check costs beyond Node's own start-up. The cache is named by the build on
 * the bundle's first line, so it never meets another build; V8 refuses it for another Node version or other V8 flags,
 * and the bundle is then compiled as usual. The script and the cache's name are returned too, for the build.
 */
function loadBundle(file) {
  const path = join(dist, file);
  const source = readFileSync(path, 'utf8');
  const end = source.indexOf('\n');
  const build = source.startsWith(BUILD_LINE) && end > 0 ? source.slice(BUILD_LINE.length, end) : undefined;
  const cache = build === undefined ? undefined : `${path}.${build}.cache`;
  let cachedData;
  try {
    if (cache !== undefined) cachedData = readFileSync(cache);
  } catch {
    // no cache: compiled as usual
  }
  // No dynamic import() runs in these bundles: code from V8's cache would have no loader for it (it fails closed).
  const { Script } = require('node:vm');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: path,
    cachedData,
  });
  const module = { exports: {} };
  // The bundles require only Node's own modules, which this file's require serves.
  script.runInThisContext().call(module.exports, module.exports, require, module, path, dist);
  return { exports: module.exports, script, cache };
}

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
 * Whether descriptor `fd` is a terminal. Only a character device can be one, so a pipe or a file is answered from its
 * type alone, without loading `node:tty` (which loads Node's network and stream modules).
 */
function isTerminal(fd) {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return require('node:tty').isatty(fd);
}

/**
 * Writes straight to stdout or stderr, in order and whole, without Node's streams, which a one-shot answer does not
 * need. When the descriptor would block (a non-blocking pipe that is full), this and every later write go to the
 * stream, which waits for the reader. Like the stream, it says whether it is a terminal and, if so, how wide; both are
 * found out only when asked (colour and width are asked only when the answer needs them).
 */
function direct(fd, name) {
  let fallback;
  let terminal;
  return {
    get isTTY() {
      terminal ??= isTerminal(fd);
      return terminal;
    },
    get columns() {
      return this.isTTY ? stream(name).columns : undefined;
    },
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
    return loadBundle('help.cjs').exports.run(args, direct(1, 'stdout'), direct(2, 'stderr'));
  // `ratchet check` is first tried from the compiled-rules cache, with a bundle of its own that loads no provider.
  if (args[0] === 'check') {
    const { checkFromCache } = bundled
      ? loadBundle('check-fast.cjs').exports
      : await import('../dist/commands/check-fast.js');
    const status = await checkFromCache(args.slice(1), direct(1, 'stdout'), direct(2, 'stderr'));
    if (status !== undefined) return status;
  }
  const { run } = await import(bundled ? '../dist/ratchet.mjs' : '../dist/main.js');
  return run(args, stream('stdout'), stream('stderr'));
}

if (require.main === module)
  main(process.argv.slice(2)).then((status) => {
    process.exitCode = status;
  });
else module.exports = { loadBundle };
