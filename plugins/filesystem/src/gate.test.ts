import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denyReadGate, physicalPath } from './gate.js';

let tmp = '';
const at = (rel: string) => `${tmp}/${rel}`;

beforeAll(() => {
  tmp = realpathSync(mkdtempSync(join(tmpdir(), 'ratchet-gate-')));
  for (const dir of ['home/.ssh/sub', 'home/project/src', 'home/project/.git', 'home/project/sub', 'home/.ssh-backup'])
    mkdirSync(at(dir), { recursive: true });
  for (const file of [
    'home/.ssh/id_rsa',
    'home/project/.env',
    'home/project/.env.example',
    'home/project/src/app.ts',
    'home/project/.git/config',
    'public.txt',
  ]) {
    writeFileSync(at(file), 'x');
  }
  symlinkSync(at('home/.ssh'), at('link-to-ssh'));
  symlinkSync('../.ssh', at('home/project/sneaky'));
  symlinkSync(at('home/.ssh/sub'), at('inner'));
  symlinkSync(at('home/.ssh/newkey'), at('dangling'));
  symlinkSync(at('home/project/.env'), at('envlink'));
  symlinkSync(at('public.txt'), at('home/project/sub/.env'));
  symlinkSync('loop2', at('loop1'));
  symlinkSync('loop1', at('loop2'));
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('denyReadGate normalizes before matching', () => {
  const gate = () => denyReadGate([at('home/.ssh'), at('home/**/.env')], { caseInsensitive: false });
  const denied = (path: string, options = {}) =>
    !denyReadGate([at('home/.ssh'), at('home/**/.env')], { caseInsensitive: false, ...options })(path).allowed;

  it('denies the folder, everything under it, and names the entry', () => {
    expect(gate()(at('home/.ssh/id_rsa'))).toEqual({
      allowed: false,
      rule: at('home/.ssh'),
      path: at('home/.ssh/id_rsa'),
    });
    expect(denied(at('home/.ssh'))).toBe(true);
    expect(denied(at('home/.ssh/not-yet/deeper'))).toBe(true);
  });

  it('sees through .., duplicate slashes and trailing slashes', () => {
    expect(denied(at('home/project/../.ssh/id_rsa'))).toBe(true);
    expect(denied(`${tmp}//home///.ssh//id_rsa`)).toBe(true);
    expect(denied(at('home/.ssh/'))).toBe(true);
    expect(denied(at('home/project/src/../../.ssh/./id_rsa'))).toBe(true);
    expect(gate()(`${tmp}//home/./project/../.ssh/`).path).toBe(at('home/.ssh'));
  });

  it('resolves relative paths against cwd', () => {
    expect(denied('../.ssh/id_rsa', { cwd: at('home/project') })).toBe(true);
    expect(denied('src/app.ts', { cwd: at('home/project') })).toBe(false);
  });

  it('follows symlinks pointing into a denied folder, existing files or not', () => {
    expect(denied(at('link-to-ssh/id_rsa'))).toBe(true);
    expect(denied(at('link-to-ssh'))).toBe(true);
    expect(denied(at('home/project/sneaky/id_rsa'))).toBe(true);
    expect(denied(at('link-to-ssh/not-yet'))).toBe(true);
    expect(denied(at('dangling'))).toBe(true);
    expect(denied(at('envlink'))).toBe(true);
  });

  it("applies .. after a symlink the way the kernel does (from the link's target)", () => {
    // inner -> home/.ssh/sub, so inner/../id_rsa is home/.ssh/id_rsa, although it reads as <tmp>/id_rsa.
    expect(physicalPath(at('inner/../id_rsa'))).toBe(at('home/.ssh/id_rsa'));
    expect(denied(at('inner/../id_rsa'))).toBe(true);
  });

  it('denies a path by how it is written too: a symlink named .env under home pointing elsewhere', () => {
    expect(denied(at('home/project/sub/.env'))).toBe(true);
    expect(denied(at('public.txt'))).toBe(false);
  });

  it('does not deny paths that merely share a prefix', () => {
    expect(denied(at('home/.ssh-backup/x'))).toBe(false);
    expect(denied(at('home/.sshx'))).toBe(false);
    expect(denied(at('home/project/src/app.ts'))).toBe(false);
  });

  it('matches **/.env at any depth below the folder, including none, and dot folders', () => {
    expect(denied(at('home/project/.env'))).toBe(true);
    expect(denied(at('home/.env'))).toBe(true);
    expect(denied(at('home/a/.b/c/.env'))).toBe(true);
    expect(denied(at('home/project/.env.example'))).toBe(false);
    expect(denied(at('other/.env'))).toBe(false);
  });

  it('a glob matching a folder denies what is inside it', () => {
    const git = denyReadGate([at('home/**/.git')], { caseInsensitive: false });
    expect(git(at('home/project/.git/config')).allowed).toBe(false);
    expect(git(at('home/project/.gitignore')).allowed).toBe(true);
  });

  it('compares case-sensitively by default on Linux (another case is another path there); caseInsensitive folds case', () => {
    expect(denied(at('home/.SSH/id_rsa'))).toBe(false);
    expect(denied(at('HOME/project/.ENV'))).toBe(false);
    expect(denied(at('home/.SSH/id_rsa'), { caseInsensitive: true })).toBe(true);
    expect(denied(at('HOME/project/.ENV'), { caseInsensitive: true })).toBe(true);
    if (process.platform === 'linux') expect(denyReadGate([at('home/.ssh')])(at('home/.SSH')).allowed).toBe(true);
  });

  it('resolves symlinks in the entries too: an entry that is a link, or a glob under one', () => {
    expect(denyReadGate([at('link-to-ssh')])(at('home/.ssh/id_rsa'))).toMatchObject({
      allowed: false,
      rule: at('link-to-ssh'),
    });
    expect(denyReadGate([at('link-to-ssh/*')])(at('home/.ssh/id_rsa')).allowed).toBe(false);
    expect(denyReadGate([at('link-to-ssh/*')])(at('home/project/.env')).allowed).toBe(true);
  });

  it('treats plain entries as paths, never as globs', () => {
    const gate = denyReadGate(['/data/{a,b}']);
    expect(gate('/data/a').allowed).toBe(true);
    expect(gate('/data/{a,b}/x').allowed).toBe(false);
  });

  it('a / entry denies everything; no entries deny nothing; odd input never throws', () => {
    expect(denyReadGate(['/'])(at('public.txt')).allowed).toBe(false);
    expect(denyReadGate([])(at('home/.ssh/id_rsa')).allowed).toBe(true);
    expect(denied(`${at('home/.ssh/id_rsa')}\0.txt`)).toBe(true);
    expect(denied('')).toBe(false);
    expect(denied(at('loop1/x'))).toBe(false);
  });
});
