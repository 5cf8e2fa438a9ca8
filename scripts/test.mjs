// Runs every package's tests through turbo, streams the output, and closes with one total line.
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const child = spawn('npx', ['turbo', 'run', 'test', '--continue', ...process.argv.slice(2)], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { TURBO_TELEMETRY_DISABLED: '1', ...process.env },
});
const totals = { passed: 0, failed: 0, skipped: 0 };
let pending = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk).split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) {
    const plain = stripVTControlCharacters(line);
    const summary = /^\S+:test:\s+Tests\s+(.*)\(\d+\)\s*$/.exec(plain);
    if (!summary) continue;
    for (const [, count, kind] of summary[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(count);
  }
});
child.on('close', (code) => {
  // A package that fails outside its tests (a build, a file that does not load) still counts as a failure.
  if (code !== 0 && totals.failed === 0) {
    console.log('\na task failed outside the test counts; see its output above');
    totals.failed = 1;
  }
  console.log(`\ntotal: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(code ?? 1);
});
