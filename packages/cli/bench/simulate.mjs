// `ratchet simulate` throughput: commands judged per second over a 1,000,000-line command log, under the example
// policy and its v2 candidate at once. Run with `npm run bench`; figures go to BENCHMARKS.md ("Simulate").
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine, requirementsFileSource } from '@ratchet/core';
import { readLog, setUpQuestions, simulate } from '@ratchet/toolkit';
import { builtinPlugins } from '../dist/host.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(root, 'packages/cli/bin/ratchet.js');
const LINES = Number(process.env.RATCHET_SIMULATE_LINES ?? 1_000_000);

// A fixed pseudo-random sequence (mulberry32), so every run reads the same log.
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMANDS = [
  ['git', 'status'],
  ['git', 'diff', 'FILE'],
  ['git', 'push', 'origin', 'main'],
  ['git', 'push', '--force'],
  ['git', 'add', 'FILE'],
  ['git', 'commit', '-m', 'fix FILE'],
  ['npm', 'test'],
  ['npm', 'run', 'build'],
  ['ls', '-la', 'DIR'],
  ['cat', 'FILE'],
  ['rm', '-rf', 'DIR'],
  ['rm', '-fr', 'DIR'],
  ['rm', 'FILE'],
  ['sed', '-n', '1,20p', 'FILE'],
  ['grep', '-rn', 'TODO', 'DIR'],
  ['sudo', 'rm', '-fr', 'DIR'],
  ['env', 'CI=1', 'npm', 'test'],
  ['python3', '-m', 'pytest', 'DIR'],
];

/** One command: two in three an argv, one in three a shell script of two commands and a pipe; `n` names its files. */
function command(next, n) {
  const pick = () =>
    COMMANDS[Math.floor(next() * COMMANDS.length)].map((w) =>
      w === 'FILE' ? `src/file${n}.ts` : w === 'DIR' ? `build/out${n}` : w.replace('FILE', `file${n}`),
    );
  return next() < 2 / 3 ? pick() : `${pick().join(' ')} && ${pick().join(' ')} | head -n 5`;
}

/**
 * A log of `lines` commands. With a `pool`, lines are drawn from that many distinct commands with Zipf's law (the
 * command of rank r about 1/r as often as the first), as agents repeat `git status` far more than anything else;
 * without one, every line is a new command.
 */
function makeLog(path, lines, pool, seed) {
  const next = random(seed);
  const distinct = pool && Array.from({ length: pool }, (_, i) => JSON.stringify(command(next, i)));
  const harmonic = pool && Array.from({ length: pool }, (_, i) => 1 / (i + 1)).reduce((a, b) => a + b, 0);
  const zipf = () => {
    // Inverse of the Zipf CDF, approximated by the continuous harmonic integral: rank = e^(u * H) - 1.
    const rank = Math.floor(Math.exp(next() * harmonic) - 1);
    return distinct[Math.min(rank, pool - 1)];
  };
  const out = [];
  for (let i = 0; i < lines; i++) out.push(pool ? zipf() : JSON.stringify(command(next, i)));
  writeFileSync(path, `${out.join('\n')}\n`);
}

const work = mkdtempSync(join(tmpdir(), 'ratchet-simulate-'));
try {
  const providers = builtinPlugins();
  const load = (file) =>
    createEngine({ providers, sources: [requirementsFileSource(join(root, 'examples', file))] }).load();
  const current = await load('requirements.toml');
  const candidate = await load('requirements.v2.toml');
  await setUpQuestions([current, candidate]);
  const question = current.providers.flatMap((p) => p.questions ?? []).find((q) => q.name === 'command');
  const cases = [
    [`${LINES.toLocaleString('en-US')} lines drawn from 50,000 commands (Zipf)`, 'zipf.jsonl', LINES, 50_000],
    [`${(LINES / 5).toLocaleString('en-US')} lines, every one a new command`, 'distinct.jsonl', LINES / 5, 0],
  ];
  for (const [label, file, lines, pool] of cases) {
    const path = join(work, file);
    makeLog(path, lines, pool, 19);
    const started = performance.now();
    const sim = simulate({ current, candidate, configs: [], logs: [readLog(path, file)], question });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `simulate in process, ${label}: ${Math.round(sim.commands.total / seconds).toLocaleString('en-US')} commands/s ` +
        `(${sim.commands.distinct.toLocaleString('en-US')} distinct, ${seconds.toFixed(2)} s, policy and candidate)`,
    );
    rmSync(path);
  }
  // The whole command, start-up and reading included, on the Zipf log.
  const corpus = join(work, 'corpus');
  mkdirSync(corpus);
  makeLog(join(corpus, 'commands.jsonl'), LINES, 50_000, 19);
  const args = ['simulate', '--corpus', corpus, '--requirements', join(root, 'examples/requirements.toml')];
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [bin, ...args, '--candidate', join(root, 'examples/requirements.v2.toml'), '--json'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`ratchet simulate failed: ${run.stderr}`);
  const total = JSON.parse(run.stdout).commands.total;
  console.log(
    `ratchet simulate (the command, start-up included), ${total.toLocaleString('en-US')} lines: ` +
      `${Math.round(total / seconds).toLocaleString('en-US')} commands/s (${seconds.toFixed(2)} s)`,
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
