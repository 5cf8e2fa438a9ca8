// `ratchet serve` on stdio at 10,000 user rules: argv decisions per second with pipelined requests on one
// connection, and the latency of one request at a time (p50, p99). Run with `npm run bench`; figures go to
// BENCHMARKS.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rulesText } from './rules-text.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../bin/ratchet.js');
const RULES = 10_000;
const PIPELINED = Number(process.env.RATCHET_BENCH_REQUESTS ?? 200_000);
const SEQUENTIAL = 5_000;

const dir = mkdtempSync(join(tmpdir(), 'ratchet-bench-serve-'));
const rules = join(dir, 'bench.rules');
writeFileSync(rules, rulesText(RULES));
const child = spawn(
  process.execPath,
  [
    ...(process.env.RATCHET_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.RATCHET_BENCH_PROF] : []),
    bin,
    'serve',
    '--no-default-sources',
    '--rules',
    rules,
    '--watch-interval',
    '0',
  ],
  {
    env: { PATH: process.env.PATH, HOME: dir },
    stdio: ['pipe', 'pipe', 'inherit'],
  },
);

// Half the commands hit a rule, half miss, as in the in-process bench.
const programs = RULES / 10;
const commands = Array.from({ length: 64 }, (_, i) => {
  const rule = (i * 7919) % RULES;
  return i % 2 === 0
    ? [`tool${rule % programs}`, `sub${rule}`, '--force', 'x']
    : [i % 4 === 1 ? `other${i}` : `tool${rule % programs}`, `nosuch${i}`, 'arg'];
});
const request = (id) =>
  `{"jsonrpc":"2.0","id":${id},"method":"check","params":{"command":${JSON.stringify(commands[id % 64])}}}\n`;
// Every request a command not seen before (the service keeps answers to repeated commands): half hit a rule.
const distinctRequest = (id) => {
  const rule = (id * 7919) % RULES;
  const argv = [`tool${rule % programs}`, id % 2 === 0 ? `sub${rule}` : `nosuch${id}`, '--force', `x${id}`];
  return `{"jsonrpc":"2.0","id":${id},"method":"check","params":{"command":${JSON.stringify(argv)}}}\n`;
};

let buffer = '';
let received = 0;
let onReply = () => {};
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  buffer += chunk;
  let end;
  while ((end = buffer.indexOf('\n')) !== -1) {
    buffer = buffer.slice(end + 1);
    received++;
    onReply();
  }
});
const replies = (n) =>
  new Promise((resolve) => {
    onReply = () => received >= n && resolve();
    onReply();
  });

// Warm up (the service has loaded once the first reply comes).
child.stdin.write(request(0));
await replies(1);
for (let i = 1; i <= 2_000; i++) child.stdin.write(request(i));
await replies(2_001);

// Pipelined: every request written at once (in 1,000-request writes), then wait for every reply.
async function pipelined(make) {
  received = 0;
  const start = performance.now();
  for (let i = 0; i < PIPELINED; i += 1_000) {
    let text = '';
    for (let j = i; j < i + 1_000; j++) text += make(j);
    if (!child.stdin.write(text)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  }
  await replies(PIPELINED);
  return performance.now() - start;
}
const pipelinedMs = await pipelined(request);
const distinctMs = await pipelined(distinctRequest);
let start;

// One at a time: the next request goes out when the previous reply is in.
const latencies = [];
for (let i = 0; i < SEQUENTIAL; i++) {
  received = 0;
  start = performance.now();
  child.stdin.write(request(i));
  await replies(1);
  latencies.push(performance.now() - start);
}
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(
  `ratchet serve, ${RULES.toLocaleString('en-US')} rules: ${Math.round(PIPELINED / (pipelinedMs / 1000)).toLocaleString('en-US')} argv decisions/s pipelined on one connection (${PIPELINED.toLocaleString('en-US')} requests over 64 commands), ${Math.round(PIPELINED / (distinctMs / 1000)).toLocaleString('en-US')}/s when every command is new; one at a time p50 ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms (${SEQUENTIAL} requests)`,
);
child.stdin.end();
await new Promise((resolve) => child.on('exit', resolve));
rmSync(dir, { recursive: true, force: true });
