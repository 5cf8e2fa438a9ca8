import { running } from './process.test-helper.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_OUTPUT_BYTES, runCommand } from './spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'hooks-spawn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Polls until no listed process runs (killing is asynchronous), or the deadline passes. */
async function gone(pids: readonly number[], withinMs = 1000): Promise<boolean> {
  const until = Date.now() + withinMs;
  for (;;) {
    if (pids.every((p) => !running(p))) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('runCommand', () => {
  it('feeds stdin and captures stdout, stderr and the exit code', async () => {
    const r = await runCommand('cat; echo oops >&2; exit 3', { stdin: '{"a":1}', timeoutMs: 5000 });
    expect(r).toMatchObject({
      exitCode: 3,
      signal: null,
      timedOut: false,
      stdout: '{"a":1}',
      stderr: 'oops\n',
      truncated: false,
    });
    expect(r.spawnError).toBeUndefined();
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runs in cwd with the given environment', async () => {
    const r = await runCommand('pwd; printf %s "$HOOK_TEST"', {
      stdin: '',
      timeoutMs: 5000,
      cwd: dir,
      env: { PATH: process.env.PATH, HOOK_TEST: 'yes' },
    });
    expect(r.stdout).toBe(`${dir}\nyes`);
    expect(r.exitCode).toBe(0);
  });

  it('ignores EPIPE when the command does not read its (large) stdin', async () => {
    const r = await runCommand('exit 0', { stdin: 'x'.repeat(4 * 1024 * 1024), timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false });
    expect(r.spawnError).toBeUndefined();
  });

  it('reports a spawn error instead of throwing', async () => {
    const r = await runCommand('true', { stdin: '', timeoutMs: 5000, cwd: join(dir, 'missing') });
    expect(r.spawnError).toMatch(/ENOENT/);
    expect(r).toMatchObject({ exitCode: null, timedOut: false, stdout: '' });
    const bad = await runCommand('true\0', { stdin: '', timeoutMs: 5000 });
    expect(bad.spawnError).toBeDefined();
  });

  it('reports death by signal', async () => {
    const r = await runCommand('kill -9 $$', { stdin: '', timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: false });
  });

  it('kills the whole process group on timeout, grandchildren included', async () => {
    const pids = join(dir, 'pids');
    const script = join(dir, 'sleepy.sh');
    writeFileSync(script, `#!/bin/sh\nsleep 30 &\necho $$ $! > '${pids}'\nwait\n`, { mode: 0o755 });
    const started = Date.now();
    const r = await runCommand(script, { stdin: '{}', timeoutMs: 1000 });
    const elapsed = Date.now() - started;
    expect(r).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' });
    expect(elapsed).toBeLessThan(10_000); // far below the 30 s sleep: the kill worked
    const [shell, grandchild] = readFileSync(pids, 'utf8').trim().split(' ').map(Number) as [number, number];
    expect(await gone([shell, grandchild])).toBe(true);
  });

  it('does not wait forever for a background child that holds stdout open', async () => {
    const pids = join(dir, 'bg');
    const started = Date.now();
    const r = await runCommand(`sleep 30 & echo $! > '${pids}'; echo done`, { stdin: '', timeoutMs: 800 });
    expect(Date.now() - started).toBeLessThan(10_000); // far below the 30 s the child holds stdout
    expect(r.stdout).toBe('done\n');
    expect(r.timedOut).toBe(true);
    expect(await gone([Number(readFileSync(pids, 'utf8'))])).toBe(true);
  });

  it('drains a flooding command without blocking and truncates what it keeps', async () => {
    const r = await runCommand('yes | head -c 50000000; echo tail >&2', { stdin: '', timeoutMs: 20_000 });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, truncated: true, stderr: 'tail\n' });
    expect(r.stdout.length).toBe(DEFAULT_MAX_OUTPUT_BYTES);
    expect(r.stdout.startsWith('y\ny\n')).toBe(true);
  }, 25_000);

  it('honours a custom output cap on each stream', async () => {
    const r = await runCommand('printf 0123456789; printf abcdefghij >&2', {
      stdin: '',
      timeoutMs: 5000,
      maxOutputBytes: 4,
    });
    expect(r).toMatchObject({ stdout: '0123', stderr: 'abcd', truncated: true });
    const exact = await runCommand('printf 0123', { stdin: '', timeoutMs: 5000, maxOutputBytes: 4 });
    expect(exact).toMatchObject({ stdout: '0123', truncated: false });
  });
});
