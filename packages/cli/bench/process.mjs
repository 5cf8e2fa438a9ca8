// `ratchet check` as one process per decision, against `codex execpolicy check` (the binary CODEX_BIN names; the
// comparison is skipped without it) and against `node -e 0`, over the same generated .rules files. Each row is the
// median of interleaved runs, so both sides see the same machine load: the ratio is the figure to read.
// Run with `npm run bench` (or `node bench/process.mjs`); figures go to BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesText } from './rules-text.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/ratchet.js');
const codex = process.env.CODEX_BIN;
const ROUNDS = Number(process.env.RATCHET_BENCH_ROUNDS ?? 11);
const SIZES = [10, 1_000, 10_000];

const dir = mkdtempSync(join(tmpdir(), 'ratchet-bench-process-'));
// The cache goes to a folder of this run's own; HOME too, so no user's files are read.
const env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache') };

function wall(command, args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0 && !(command === codex && run.status === 0)) {
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: exit ${run.status}: ${run.stderr}`);
  }
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;

console.log(
  `one process per decision, median of ${ROUNDS} interleaved runs${codex ? '' : ' (no CODEX_BIN: Codex skipped)'}`,
);
const nodeTimes = [];
const helpTimes = [];
for (let i = 0; i < ROUNDS; i++) {
  nodeTimes.push(wall(process.execPath, ['-e', '0']));
  helpTimes.push(wall(process.execPath, [bin, '--help']));
}
console.log(
  `node -e 0: ${ms(median(nodeTimes))}; ratchet --help: ${ms(median(helpTimes))} (+${ms(median(helpTimes) - median(nodeTimes))})`,
);
const rows = [];
for (const n of SIZES) {
  const rules = join(dir, `r${n}.rules`);
  writeFileSync(rules, rulesText(n));
  const argv = ['tool1', 'sub1', 'x'];
  const ratchetArgs = [bin, 'check', '--no-default-sources', '--rules', rules, '--json', '--', ...argv];
  wall(process.execPath, ratchetArgs); // fills the compiled-rules cache
  const times = { node: [], ratchet: [], codex: [] };
  for (let i = 0; i < ROUNDS; i++) {
    times.node.push(wall(process.execPath, ['-e', '0']));
    times.ratchet.push(wall(process.execPath, ratchetArgs));
    if (codex) times.codex.push(wall(codex, ['execpolicy', 'check', '--rules', rules, ...argv]));
  }
  const [node, ratchet] = [median(times.node), median(times.ratchet)];
  const row = { rules: n, node, ratchet, codex: codex ? median(times.codex) : undefined };
  rows.push(row);
  console.log(
    `${String(n).padStart(6)} rules: ratchet check ${ms(ratchet)} (node -e 0 ${ms(node)})` +
      (codex ? `, codex execpolicy check ${ms(row.codex)}: ratchet/codex ${(ratchet / row.codex).toFixed(2)}x` : ''),
  );
}
rmSync(dir, { recursive: true, force: true });
