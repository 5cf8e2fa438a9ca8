import { spawn } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, it } from 'vitest';
import { hasStackTrace, ratchetBin, repoRoot } from '@ratchet/test-utils';
import { expectInputError, fileScopedDir, runRatchet } from './helpers.js';

// Writes that lose nothing: concurrent writers each keep their edit, a file the user cannot write or that has
// other hard links is refused and left as it was, filesystem errors are exit 2 with the path and a fix.
const dir = fileScopedDir('ratchet-cli-config-writes-');
const set = (file: string, key: string, value: string) =>
  runRatchet(['config', 'set', key, value, '--file', file, '--no-default-sources']);

describe('concurrent config set', () => {
  it('20 processes at once, each its own key, 10 rounds: 200 of 200 keys present, every exit 0', async ({ expect }) => {
    let present = 0;
    for (let round = 0; round < 10; round++) {
      const file = dir.write(`concurrent-${round}.toml`, '# shared\n');
      const runs = await Promise.all(Array.from({ length: 20 }, (_, n) => set(file, `k${n}`, String(n))));
      for (const run of runs) {
        expect(hasStackTrace(run.stderr)).toBe(false);
        expect(run.status, run.stderr).toBe(0);
      }
      const table = parse(readFileSync(file, 'utf8'));
      for (let n = 0; n < 20; n++) if (table[`k${n}`] === n) present++;
      expect(readFileSync(file, 'utf8').startsWith('# shared\n')).toBe(true);
      expect(
        readdirSync(dir.path).filter(
          (f) => f.startsWith(`concurrent-${round}.toml.`) || f.startsWith(`.concurrent-${round}`),
        ),
      ).toEqual([]);
    }
    expect(present).toBe(200);
  }, 300_000); // 200 processes on a 2-core machine: a hang guard, not a speed claim

  it('kill -9 at any moment leaves the old file or the new one, never a torn one; the next write cleans up', async ({
    expect,
  }) => {
    const file = dir.write('killed.toml', 'model = "o3" # mine\n');
    for (let i = 0; i < 20; i++) {
      const child = spawn(
        process.execPath,
        [ratchetBin, 'config', 'set', `k${i}`, String(i), '--file', file, '--no-default-sources'],
        {
          cwd: repoRoot,
          stdio: 'ignore',
        },
      );
      // Listened for from the start: a writer that finishes before the kill has already closed by then.
      const closed = new Promise((resolve) => child.on('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 100 + ((i * 37) % 400)));
      child.kill('SIGKILL');
      await closed;
      const text = readFileSync(file, 'utf8');
      expect(() => parse(text), text).not.toThrow();
      expect(text.startsWith('model = "o3" # mine\n')).toBe(true);
    }
    // A lock left by a killed writer is taken over once stale; its temporary files are removed under the lock.
    const last = await set(file, 'last', '1');
    expect(last.status, last.stderr).toBe(0);
    expect(readdirSync(dir.path).filter((f) => f.includes('killed.toml'))).toEqual(['killed.toml']);
  }, 180_000); // 20 started-and-killed processes, then a stale lock waited out: a hang guard, not a speed claim
});

describe.concurrent('files config set must not replace', () => {
  it('a read-only file (chmod 0444): exit 2 naming it, unchanged', async ({ expect }) => {
    const file = dir.write('read-only.toml', 'model = "o3"\n');
    chmodSync(file, 0o444);
    expectInputError(await set(file, 'model', 'o4'), file, 'is read-only (mode 0444)', `chmod u+w ${file}`);
    expect(readFileSync(file, 'utf8')).toBe('model = "o3"\n');
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it('a hard-linked file: refused with a message, both names still one unchanged file', async ({ expect }) => {
    const file = dir.write('linked.toml', 'model = "o3"\n');
    const other = join(dir.path, 'linked-other.toml');
    linkSync(file, other);
    expectInputError(await set(file, 'model', 'o4'), file, 'has 2 hard links');
    expect(statSync(file).ino).toBe(statSync(other).ino);
    expect(readFileSync(other, 'utf8')).toBe('model = "o3"\n');
  });

  it.runIf(process.platform !== 'win32')(
    'a symbolic link loop: exit 2 with ELOOP and a fix, not an internal error',
    async () => {
      const a = join(dir.path, 'loop-a.toml');
      symlinkSync(join(dir.path, 'loop-b.toml'), a);
      symlinkSync(a, join(dir.path, 'loop-b.toml'));
      expectInputError(await set(a, 'model', 'o4'), a, '(ELOOP)', 'fix:');
    },
  );

  it('a path through a file: exit 2 with ENOTDIR and a fix', async () => {
    const file = dir.write('plain.toml', '');
    const under = join(file, 'config.toml');
    expectInputError(await set(under, 'model', 'o4'), under, '(ENOTDIR)', 'fix:');
  });

  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)(
    'a read-only folder, for a user who cannot write it: exit 2 with EACCES and a fix',
    async ({ expect }) => {
      // root may write anywhere, so the command runs as nobody in a folder only root may write.
      const folder = join(dir.path, 'read-only-folder');
      mkdirSync(folder);
      chmodSync(dir.path, 0o755);
      chmodSync(folder, 0o555);
      const file = join(folder, 'config.toml');
      writeFileSync(file, 'model = "o3"\n');
      chmodSync(file, 0o666);
      const result = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          [ratchetBin, 'config', 'set', 'model', 'o4', '--file', file, '--no-default-sources'],
          {
            cwd: repoRoot,
            uid: 65534,
            gid: 65534,
            env: { PATH: process.env.PATH ?? '', HOME: folder, CODEX_HOME: folder },
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status: status ?? -1, stdout, stderr }));
      });
      expectInputError(result, file, '(EACCES)', 'fix:');
      expect(readFileSync(file, 'utf8')).toBe('model = "o3"\n');
    },
  );
});
