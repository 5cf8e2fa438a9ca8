// Benchmarks for resolution in process and for the `ratchet` command's start-up.
// Run with `npm run bench` at the repository root; figures go to BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, loadUserConfig, requirementsTextSource, rustRegex } from '@ratchet/core';
import { SANDBOX_MODE } from '@ratchet/plugin-sandbox';
import { builtinPlugins } from '../dist/host.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const requirements = readFileSync(join(root, 'examples/requirements.toml'), 'utf8');
const configText = readFileSync(join(root, 'examples/config.toml'), 'utf8');

function measure(name, fn, { minMs = 1000 } = {}) {
  for (let i = 0; i < 1000; i++) fn();
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < 1000; i++) fn();
    ops += 1000;
    now = performance.now();
  }
  const perSecond = ops / ((now - start) / 1000);
  console.log(
    `${name.padEnd(48)} ${Math.round(perSecond).toLocaleString('en-US').padStart(12)} ops/s  ${(1e6 / perSecond).toFixed(2).padStart(8)} µs/op`,
  );
}

async function inProcess() {
  const engine = createEngine({
    providers: builtinPlugins(),
    sources: [requirementsTextSource(requirements, 'examples/requirements.toml', 'system')],
    hostname: () => 'laptop-042.corp.example.com',
  });
  const policy = await engine.load();
  const config = loadUserConfig({ file: { text: configText, name: 'config.toml' } });
  measure(`resolve (${builtinPlugins().length} providers, example policy)`, () => policy.resolve(config));
  measure('parse config.toml + resolve', () =>
    policy.resolve(loadUserConfig({ file: { text: configText, name: 'config.toml' } })),
  );
  let loads = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    await engine.load();
    loads++;
  }
  console.log(
    `${'load requirements (parse, combine, validate)'.padEnd(48)} ${Math.round(
      loads / ((performance.now() - start) / 1000),
    )
      .toLocaleString('en-US')
      .padStart(12)} ops/s`,
  );
  const handle = policy.constrained(SANDBOX_MODE, policy.resolve(config));
  measure('Constrained.canSet (sandbox_mode)', () => handle.canSet('danger-full-access'));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of each command, the commands interleaved run by run so machine load hits them alike. */
function medians(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, c) => {
      const t = performance.now();
      const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
      times[c].push(performance.now() - t);
    });
  }
  return times.map(median);
}

function startup(runs = 15) {
  const examples = ['examples/requirements.toml', 'examples/config.toml'];
  const bench = (file) => join(root, 'packages/cli/bench', file);
  // Each host answers before it is timed: the example policy's sandbox mode and its decision on `git push`.
  for (const file of ['first-decision.mjs', 'first-decision-host.mjs']) {
    const { stdout } = spawnSync(process.execPath, [bench(file), ...examples], { cwd: root, encoding: 'utf8' });
    if (stdout !== 'read-only prompt\n') throw new Error(`${file} answered ${JSON.stringify(stdout)}`);
  }
  const [node, plain, host, cli] = medians(
    [
      ['-e', '0'],
      [bench('first-decision.mjs'), ...examples],
      [bench('first-decision-host.mjs'), ...examples],
      [
        join(root, 'packages/cli/bin/ratchet.js'),
        'resolve',
        '--json',
        '--requirements',
        examples[0],
        '--config',
        examples[1],
        '--hostname',
        'laptop-042.corp.example.com',
      ],
    ],
    runs,
  );
  const row = (name, ms) =>
    console.log(
      name.padEnd(48),
      `${ms.toFixed(1).padStart(12)} ms  (+${(ms - node).toFixed(1)} ms over node, ${(ms / node).toFixed(2)}x)`,
    );
  console.log(`${`node -e 0 (median of ${runs}, interleaved)`.padEnd(48)} ${node.toFixed(1).padStart(12)} ms`);
  row('first decision, plain API, unbundled', plain);
  row('first decision, @ratchet/host (tsyringe)', host);
  row('ratchet resolve --json on the examples', cli);
}

/** Linear-time patterns: `(a+)+` as an MCP url identity (anchored) against urls of 10,000 and 100,000 characters. */
function regexes(runs = 21) {
  const compiled = rustRegex('https://(a+)+', { anchored: true });
  if (!compiled.ok) throw new Error(compiled.reason);
  for (const n of [10_000, 100_000]) {
    const url = `https://${'a'.repeat(n)}!`;
    const ms = median(
      Array.from({ length: runs }, () => {
        const t = performance.now();
        if (compiled.regex.test(url)) throw new Error('(a+)+ matched a url ending in !');
        return performance.now() - t;
      }),
    );
    console.log(
      `${`(a+)+ identity vs a ${n.toLocaleString('en-US')}-char url (median of ${runs})`.padEnd(48)} ${ms.toFixed(2).padStart(12)} ms`,
    );
  }
}

/** Special and huge files through the command: wall time and peak memory of the refusal (exit 2). */
function specialFiles(runs = 5) {
  const dir = mkdtempSync(join(tmpdir(), 'ratchet-bench-'));
  const fifo = join(dir, 'fifo.toml');
  spawnSync('mkfifo', [fifo]);
  const sparse = join(dir, 'sparse.toml');
  const fd = openSync(sparse, 'w');
  ftruncateSync(fd, 5 * 1024 ** 3);
  closeSync(fd);
  const measured = (file) => {
    const t = performance.now();
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'test/utils/measured-run.mjs'),
        join(root, 'packages/cli/dist/ratchet.mjs'),
        'resolve',
        '--no-default-sources',
        '--config',
        file,
      ],
      { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe', 'pipe'], timeout: 30_000 },
    );
    const { status, maxRssKiB } = JSON.parse(r.output[3]);
    if (status !== 2) throw new Error(`--config ${file} exited ${status}`);
    return { ms: performance.now() - t, maxRssKiB };
  };
  for (const [what, file] of [
    ['/dev/zero', '/dev/zero'],
    ['/dev/urandom', '/dev/urandom'],
    ['a FIFO', fifo],
    ['a 5 GB sparse file', sparse],
  ]) {
    const all = Array.from({ length: runs }, () => measured(file));
    const ms = median(all.map((m) => m.ms));
    const mib = Math.max(...all.map((m) => m.maxRssKiB)) / 1024;
    console.log(
      `${`resolve --config ${what}: exit 2 (median of ${runs})`.padEnd(48)} ${ms.toFixed(1).padStart(12)} ms  peak ${mib.toFixed(0)} MiB`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}

console.log(`node ${process.version}, ${process.arch}`);
await inProcess();
startup();
regexes();
if (process.platform !== 'win32') specialFiles();
