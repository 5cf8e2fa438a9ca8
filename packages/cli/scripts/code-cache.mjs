// Makes the V8 code cache of each CommonJS bundle of dist (`FILE.BUILD.cache`, which bin/ratchet.js reads): it loads
// the bundle as the launcher does, runs what a one-shot answer runs (a check from the compiled-rules cache, as JSON and
// as text; help), then writes the bytecode V8 compiled for it. Run by scripts/bundle.mjs, in a process of its own with
// Node's default flags (V8 refuses a cache made under other flags), on a scratch home and cache folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'ratchet.js');
const { loadBundle } = createRequire(import.meta.url)(bin);
const scratch = mkdtempSync(join(tmpdir(), 'ratchet-code-cache-'));
process.env.HOME = scratch;
process.env.XDG_CACHE_HOME = join(scratch, 'cache');
process.env.CODEX_HOME = scratch;
const sink = { write() {} };

/** Writes the code cache of a bundle, named by its build. */
function save({ script, cache }) {
  if (cache === undefined) throw new Error('a bundle does not name its build on its first line');
  writeFileSync(cache, script.createCachedData());
}

async function main() {
  const rules = join(scratch, 'default.rules');
  writeFileSync(rules, 'prefix_rule(pattern = ["git", "push"], decision = "prompt")\n');
  const check = ['check', '--no-default-sources', '--rules', rules];
  // The full load writes the compiled-rules entry that the cached check then answers from.
  const full = spawnSync(process.execPath, [bin, ...check, '--', 'git', 'status'], { env: process.env });
  if (full.status !== 0) throw new Error(`ratchet check: exit ${full.status}: ${full.stderr}`);
  const fast = loadBundle('check-fast.cjs');
  for (const args of [
    [...check.slice(1), '--json', '--', 'git', 'push', 'origin'],
    [...check.slice(1), '--', 'git', 'push'],
  ])
    if ((await fast.exports.checkFromCache(args, sink, sink)) === undefined)
      throw new Error('the cached check did not answer from its entry');
  save(fast);
  const help = loadBundle('help.cjs');
  for (const args of [['--help'], ['check', '--help']]) await help.exports.run(args, sink, sink);
  save(help);
}

await main()
  .catch((error) => {
    process.exitCode = 1;
    console.error(`code cache: ${error.message}`);
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
