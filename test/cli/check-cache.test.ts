import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { emptyHomeEnv, ratchetBin } from '@ratchet/test-utils';
import { fileScopedDir, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-check-cache-');
const cache = join(dir.path, 'xdg');
const env = { XDG_CACHE_HOME: cache };
const requirements = dir.write(
  'requirements.toml',
  'no_such_key = 1\n[rules]\nprefix_rules = [{ pattern = [{ token = "git" }, { token = "push" }], decision = "prompt" }]\n',
);
const rules = dir.write('user.rules', 'prefix_rule(pattern = ["make"], decision = "forbidden")\n');
const check = (...argv: string[]) =>
  runRatchet(['check', '--requirements', requirements, '--rules', rules, '--json', '--', ...argv], { env });

const folder = join(cache, 'ratchet');
const entriesIn = (at: string) => readdirSync(at).filter((f) => f.startsWith('check-'));
const entries = () => entriesIn(folder);

/** Rewrites the only entry's rules: `make` becomes allowed. `sign` recomputes the checksum as the writer would. */
function tamper(sign: boolean, at = folder): string {
  const [name] = entriesIn(at);
  const path = join(at, name!);
  const text = readFileSync(path, 'utf8');
  const [first, second] = [text.indexOf('\n'), text.indexOf('\n', text.indexOf('\n') + 1)];
  const [header, extras, payload] = [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
  // The rules of `make` (the user's only program, and its only rule): `forbidden` becomes `allow`, same length.
  const forged = payload.replace('[[[],2,', '[[[],0,');
  expect(forged).not.toBe(payload);
  const head = JSON.parse(header) as { key: string; blake2s: string };
  if (sign) head.blake2s = createHash('blake2s256').update(`${extras}\n${forged}`).digest('hex');
  writeFileSync(path, `${JSON.stringify(head)}\n${extras}\n${forged}`, { mode: 0o600 });
  return path;
}

describe('the compiled-rules cache of ratchet check', () => {
  it('answers a repeated check from an entry of its own (0600 in a 0700 folder), exactly as loading would', async () => {
    const first = await check('make', 'all');
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('no_such_key');
    expect(entries()).toHaveLength(1);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    expect(statSync(join(folder, entries()[0]!)).mode & 0o777).toBe(0o600);
    const second = await check('make', 'all');
    expect(second).toEqual(first);
    expect(JSON.parse(second.stdout)).toMatchObject({ decision: 'forbidden', warnings: [{ key: 'no_such_key' }] });
    // The same sources answer other commands from the same entry.
    expect(JSON.parse((await check('git', 'push')).stdout)).toMatchObject({ decision: 'prompt' });
    expect(entries()).toHaveLength(1);
  });

  it("never trusts an entry that was changed, is open to others, is another user's or a link", async () => {
    const decision = async () => (JSON.parse((await check('make', 'all')).stdout) as { decision: string }).decision;
    await check('make', 'all');
    tamper(false); // the checksum no longer matches
    expect(await decision()).toBe('forbidden');
    const open = tamper(true);
    chmodSync(open, 0o644); // readable and writable by others
    expect(await decision()).toBe('forbidden');
    expect(statSync(open).mode & 0o777).toBe(0o600); // rebuilt
    if (process.getuid?.() === 0) {
      chownSync(tamper(true), 4242, 4242); // someone else's
      expect(await decision()).toBe('forbidden');
    }
    const target = tamper(true);
    const moved = join(dir.path, 'elsewhere.json');
    writeFileSync(moved, readFileSync(target), { mode: 0o600 });
    unlinkSync(target);
    symlinkSync(moved, target);
    expect(await decision()).toBe('forbidden');
  });

  it('reads the files again when one changes, and is not used in a folder others can enter', async () => {
    await check('make', 'all');
    writeFileSync(rules, 'prefix_rule(pattern = ["make"], decision = "prompt")\n');
    expect(JSON.parse((await check('make', 'all')).stdout)).toMatchObject({ decision: 'prompt' });
    chmodSync(folder, 0o755);
    const before = entries().length;
    writeFileSync(rules, 'prefix_rule(pattern = ["make"], decision = "allow")\n');
    expect(JSON.parse((await check('make', 'all')).stdout)).toMatchObject({ decision: 'allow' });
    expect(entries()).toHaveLength(before);
    chmodSync(folder, 0o700);
  });
});

describe('the rules folder beside config.toml fails closed', () => {
  it('a dangling .rules link is reported, not a reason to skip the folder', async () => {
    const home = join(dir.path, 'codex-home');
    mkdirSync(join(home, 'rules'), { recursive: true });
    dir.write('codex-home/rules/a.rules', 'prefix_rule(pattern = ["make"], decision = "forbidden")\n');
    symlinkSync(join(home, 'missing.rules'), join(home, 'rules', 'b.rules'));
    const result = await runRatchet(['check', '--no-default-sources', '--', 'make'], {
      env: { ...env, CODEX_HOME: home },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(join(home, 'rules', 'b.rules'));
    expect(result.stdout).toBe('');
  });

  it.runIf(process.platform === 'linux' && process.getuid?.() !== 0)(
    'a rules folder that cannot be listed is exit 2 naming it',
    async () => {
      // root may list any folder, so this runs only for other users.
      const home = join(dir.path, 'codex-home-locked');
      mkdirSync(join(home, 'rules'), { recursive: true });
      dir.write('codex-home-locked/rules/a.rules', 'prefix_rule(pattern = ["make"], decision = "forbidden")\n');
      chmodSync(join(home, 'rules'), 0o000);
      const result = await runRatchet(['check', '--no-default-sources', '--', 'make'], {
        env: { ...env, CODEX_HOME: home },
      });
      chmodSync(join(home, 'rules'), 0o755);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(join(home, 'rules'));
    },
  );
});

describe('the cached check as a batch, and from the code cache the build made', () => {
  const own = fileScopedDir('ratchet-check-cache-own-');
  const env = { XDG_CACHE_HOME: join(own.path, 'xdg') };
  const ownFolder = join(own.path, 'xdg', 'ratchet');
  const ownRules = own.write('user.rules', 'prefix_rule(pattern = ["make"], decision = "forbidden")\n');
  const args = ['check', '--no-default-sources', '--rules', ownRules];

  it('answers --batch from the entry, line by line', async () => {
    const input = '["make","all"]\n["ls"]\n';
    const decisions = async () =>
      (await runRatchet([...args, '--batch'], { env, input })).stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { decision: string }).decision);
    expect(await decisions()).toEqual(['forbidden', 'none']); // loads the policy and writes the entry
    // A forged entry, signed as the writer would: only an answer from the entry can allow `make`.
    tamper(true, ownFolder);
    expect(await decisions()).toEqual(['allow', 'none']);
    for (const name of entriesIn(ownFolder)) unlinkSync(join(ownFolder, name));
  });

  it("starts from V8's code cache of the build, and answers the same without it or with a damaged one", async () => {
    // A copy of the launcher and the cached check's bundle, whose cache can be damaged without touching the build.
    const dist = join(dirname(ratchetBin), '..', 'dist');
    const [cacheName] = readdirSync(dist).filter((f) => f.startsWith('check-fast.cjs.') && f.endsWith('.cache'));
    expect(cacheName).toBeDefined();
    const copy = join(own.path, 'cli');
    for (const sub of ['bin', 'dist']) mkdirSync(join(copy, sub), { recursive: true });
    for (const file of ['ratchet.js', 'package.json'])
      copyFileSync(join(dirname(ratchetBin), file), join(copy, 'bin', file));
    for (const file of ['check-fast.cjs', cacheName!]) copyFileSync(join(dist, file), join(copy, 'dist', file));
    const bin = join(copy, 'bin', 'ratchet.js');
    const clean = { ...emptyHomeEnv(), ...env }; // as runRatchet runs the command: the same entry
    const node = (argv: readonly string[]) =>
      promisify(execFile)(process.execPath, argv, {
        cwd: own.path,
        env: clean,
        timeout: 120_000, // a hang guard on a loaded machine, not a speed claim
      });
    /** Whether V8 turned down the bundle's code cache (a fresh process, Node's default flags). */
    const rejected = async () =>
      (
        await node([
          '-e',
          `process.stdout.write(String(require(${JSON.stringify(bin)}).loadBundle('check-fast.cjs').script.cachedDataRejected))`,
        ])
      ).stdout;
    const answer = [...args, '--json', '--', 'make', 'all'];
    const expected = (await runRatchet(answer, { cwd: own.path, env })).stdout; // fills the entry
    expect(JSON.parse(expected)).toMatchObject({ decision: 'forbidden' });
    // The copy has no full command: it can only answer from the entry (the bundle's build is the build's).
    expect((await node([bin, ...answer])).stdout).toBe(expected);
    expect(await rejected()).toBe('false');
    const cacheFile = join(copy, 'dist', cacheName!);
    writeFileSync(cacheFile, randomBytes(readFileSync(cacheFile).length));
    expect(await rejected()).toBe('true');
    expect((await node([bin, ...answer])).stdout).toBe(expected);
    // A cache named for another build is not even offered to V8.
    renameSync(cacheFile, join(copy, 'dist', basename(cacheFile).replace(/\.[\w-]+\.cache$/, '.another-build.cache')));
    expect(await rejected()).toBe('undefined');
    expect((await node([bin, ...answer])).stdout).toBe(expected);
  });
});
