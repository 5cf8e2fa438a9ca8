// Decision throughput and load cost of command rules at 10 to 100,000 rules, for argv commands, plain bash -lc
// scripts (the fast reader) and scripts that need the shell grammar. Run with `npm run bench` at the repository
// root; the table goes to BENCHMARKS.md.
import { createEngine, requirementsTextSource } from '@ratchet/core';
import { resolve } from 'node:path';
import { commandPolicy, commandRulesProvider, loadShellGrammar } from '../dist/index.js';
import { loadRulesFiles } from '../dist/rules-files.js';

const SIZES = [10, 1_000, 10_000, 100_000];

const PER_LAYER = 20_000;

/**
 * N requirements rules over N/10 programs (at least 5), each with a subcommand and some with a third token, in
 * layers of at most 20,000 rules (a requirements file is capped at 4 MiB; rules from every layer add up).
 */
function requirementsLayers(n) {
  const programs = Math.max(5, Math.floor(n / 10));
  const layers = [];
  for (let start = 0; start < n; start += PER_LAYER) {
    const lines = ['[rules]', 'prefix_rules = ['];
    for (let i = start; i < Math.min(n, start + PER_LAYER); i++) {
      const third = i % 3 === 0 ? `, { any_of = ["--force", "-f"] }` : '';
      const decision = i % 2 === 0 ? 'prompt' : 'forbidden';
      lines.push(
        `  { pattern = [{ token = "tool${i % programs}" }, { token = "sub${i}" }${third}], decision = "${decision}" },`,
      );
    }
    lines.push(']');
    layers.push(lines.join('\n'));
  }
  return { layers, programs };
}

/** A fixed mix of commands: half hit a rule, half miss (unknown program or subcommand). */
function workload(n, programs) {
  const argv = [];
  for (let i = 0; i < 64; i++) {
    const rule = (i * 7919) % n;
    if (i % 2 === 0) argv.push([`tool${rule % programs}`, `sub${rule}`, '--force', 'x']);
    else argv.push([i % 4 === 1 ? `other${i}` : `tool${rule % programs}`, `nosuch${i}`, 'arg']);
  }
  const scripts = argv.map((a, i) => [
    'bash',
    '-lc',
    `${a.join(' ')} && ${argv[(i + 1) % argv.length].join(' ')} | grep -n x`,
  ]);
  // The same commands in syntax only the grammar reads: a subshell, a substitution, a redirection, a comment.
  const grammar = argv.map((a, i) => [
    'bash',
    '-lc',
    `(${a.join(' ')}) > /dev/null 2>&1 && echo "$(${argv[(i + 1) % argv.length].join(' ')})" | grep -n x # note`,
  ]);
  return { argv, scripts, grammar };
}

function rate(fn, inputs, minMs = 700) {
  let ops = 0;
  for (let i = 0; i < 2000; i++) fn(inputs[i % inputs.length]);
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    for (let i = 0; i < 1000; i++) fn(inputs[(ops + i) % inputs.length]);
    ops += 1000;
    now = performance.now();
  }
  return ops / ((now - start) / 1000);
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const rows = [];
const t0 = performance.now();
await loadShellGrammar();
console.log(`shell grammar loaded in ${(performance.now() - t0).toFixed(1)} ms (once per process, only when needed)`);
for (const n of SIZES) {
  const { layers, programs } = requirementsLayers(n);
  const sources = layers.map((text, i) => requirementsTextSource(text, `bench-${i}.toml`));
  const t0 = performance.now();
  const policy = await createEngine({ providers: [commandRulesProvider()], sources }).load();
  const commands = commandPolicy(policy);
  const loadMs = performance.now() - t0;
  const { argv, scripts, grammar } = workload(n, programs);
  const argvRate = rate((a) => commands.check(a), argv);
  const scriptRate = rate((a) => commands.check(a), scripts);
  const grammarRate = rate((a) => commands.check(a), grammar, 1000);
  rows.push({ n, loadMs, argvRate, scriptRate, grammarRate });
  console.log(
    `rules ${fmt(n).padStart(7)}  load ${loadMs.toFixed(1).padStart(8)} ms  argv ${fmt(argvRate).padStart(11)} decisions/s  ` +
      `bash -lc ${fmt(scriptRate).padStart(9)} decisions/s  grammar scripts ${fmt(grammarRate).padStart(7)} decisions/s`,
  );
}
const first = rows[0];
const last = rows[rows.length - 1];
console.log(
  `argv rate at ${fmt(last.n)} rules is ${(last.argvRate / first.argvRate).toFixed(2)}x the rate at ${fmt(first.n)}; ` +
    `bash -lc ${(last.scriptRate / first.scriptRate).toFixed(2)}x; grammar scripts ${(last.grammarRate / first.grammarRate).toFixed(2)}x`,
);

// Loading user .rules files: 10,000 rules written out as prefix_rule calls, and 10,000 made by a loop over a list.
// RATCHET_BENCH_BASELINE names another build's dist/ folder (say, the one before a change): its load is timed
// in the same run, on the same files, and the ratio printed.
const RULES = 10_000;
function rulesFiles() {
  const lines = [];
  for (let i = 0; i < RULES; i++) {
    const third = i % 3 === 0 ? ', ["--force", "-f"]' : '';
    const decision = i % 2 === 0 ? 'prompt' : 'forbidden';
    lines.push(`prefix_rule(pattern = ["tool${i % 1000}", "sub${i}"${third}], decision = "${decision}")`);
  }
  const written = lines.join('\n');
  const looped = [
    `subs = [f"sub{i}" for i in ${JSON.stringify(Array.from({ length: 100 }, (_, i) => String(i)))}]`,
    `tools = [f"tool{t}" for t in ${JSON.stringify(Array.from({ length: 100 }, (_, i) => String(i)))}]`,
    'def rule(tool, sub, decision):',
    '    prefix_rule(pattern = [tool, sub], decision = decision)',
    'for tool in tools:',
    '    for sub in subs:',
    '        rule(tool, sub, "prompt" if sub == "sub1" else "forbidden")',
  ].join('\n');
  return [
    ['written out', written],
    ['by a loop', looped],
  ];
}

/** Median ms of timed loads of `text` by each loader, the loaders taking turns so that both see the same machine. */
function loadMs(loaders, text, runs = 21) {
  const times = loaders.map(() => []);
  for (let i = 0; i < runs; i++) {
    // Odd runs go in the other order, so that neither loader always runs first.
    const order = i % 2 === 0 ? loaders.map((_, k) => k) : loaders.map((_, k) => loaders.length - 1 - k);
    order.forEach((k) => {
      const load = loaders[k];
      const t0 = performance.now();
      const loaded = load([{ path: 'bench.rules', text }], { homedir: '/home/bench' });
      times[k].push(performance.now() - t0);
      if (loaded.rules.length !== RULES) throw new Error(`loaded ${loaded.rules.length} rules, not ${RULES}`);
    });
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(runs / 2)]);
}

const baselineDir = process.env.RATCHET_BENCH_BASELINE;
const baseline = baselineDir
  ? (await import(resolve(baselineDir, 'rules-files.js')).catch(() => import(resolve(baselineDir, 'index.js'))))
      .loadRulesFiles
  : undefined;
for (const [shape, text] of rulesFiles()) {
  const [now, before] = loadMs(baseline ? [loadRulesFiles, baseline] : [loadRulesFiles], text);
  console.log(
    `.rules load, ${fmt(RULES)} rules ${shape.padEnd(11)} ${now.toFixed(1).padStart(7)} ms` +
      (before === undefined ? '' : `   baseline ${before.toFixed(1)} ms, now/baseline ${(now / before).toFixed(2)}x`),
  );
}
