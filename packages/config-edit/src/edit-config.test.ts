import {
  chmodSync,
  linkSync,
  utimesSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, TomlSyntaxError, type Policy } from '@ratchet/core';
import { loadPolicy } from '@ratchet/testkit';
import { approvalsProvider } from '@ratchet/plugin-approvals';
import { featuresProvider } from '@ratchet/plugin-features';
import { editConfig } from './edit-config.js';

const REQUIREMENTS = 'allowed_approval_policies = ["untrusted", "on-request"]\n\n[features]\npersonality = true\n';
const CONFIG = `# my settings
approval_policy = "untrusted"   # careful

[features]
personality = true

[profiles.work]
# the work profile
model = "o3"
`;

let policy: Policy;
const root = mkdtempSync(join(tmpdir(), 'ratchet-config-edit-'));
let count = 0;
/** A fresh folder holding config.toml with `text` (or no file); returns the file's path. */
function config(text: string | null = CONFIG): string {
  const dir = join(root, `case-${++count}`);
  mkdirSync(dir);
  const path = join(dir, 'config.toml');
  if (text !== null) writeFileSync(path, text);
  return path;
}
const read = (path: string) => readFileSync(path, 'utf8');
const folder = (path: string) => readdirSync(join(path, '..'));

beforeAll(async () => {
  policy = await loadPolicy([approvalsProvider(), featuresProvider()], REQUIREMENTS);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('editConfig validation', () => {
  it('writes an allowed edit, changing only its line', async () => {
    const path = config();
    const result = await editConfig(policy, [{ key: 'approval_policy', value: 'on-request' }], { path });
    expect(result).toEqual({ path, target: path, changed: true, created: false });
    expect(read(path)).toBe(CONFIG.replace('"untrusted"   #', '"on-request"   #'));
  });

  it('refuses an edit a requirement forbids, naming key, value, requirement and source, and leaves the file byte-identical', async () => {
    const path = config();
    const error = await refusal(editConfig(policy, [{ key: 'approval_policy', value: 'never' }], { path }));
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]).toMatchObject({ kind: 'disallowed-value', key: 'approval_policy', source: path });
    expect(error.message).toContain('approval_policy = "never"');
    expect(error.message).toContain('allowed_approval_policies = ["untrusted", "on-request"] (set by req.toml)');
    expect(read(path)).toBe(CONFIG);
    expect(folder(path)).toEqual(['config.toml']);
  });

  it('a batch with one refused edit writes nothing', async () => {
    const path = config();
    const error = await refusal(
      editConfig(
        policy,
        [
          { key: 'model', value: 'gpt-5' },
          { key: 'features.personality', value: false },
          { key: 'profiles.work.model', value: 'o4-mini' },
        ],
        { path },
      ),
    );
    expect(error.errors.map((d) => d.key)).toEqual(['features.personality']);
    expect(error.message).toContain('features.personality = true (set by req.toml)');
    expect(read(path)).toBe(CONFIG);
  });

  it('writes a profile-scoped edit into the profile table and checks it under that profile', async () => {
    const path = config();
    await editConfig(policy, [{ key: 'profiles.work.approval_policy', value: 'on-request' }], { path });
    expect(read(path)).toBe(CONFIG.replace('model = "o3"\n', 'model = "o3"\napproval_policy = "on-request"\n'));
    const error = await refusal(
      editConfig(policy, [{ key: 'profiles.work.approval_policy', value: 'never' }], { path }),
    );
    expect(error.errors[0]).toMatchObject({ key: 'profiles.work.approval_policy', kind: 'disallowed-value' });
  });

  it('removes a key (value undefined), keeping the comment above it', async () => {
    const path = config();
    await editConfig(policy, [{ key: 'profiles.work.model', value: undefined }], { path });
    expect(read(path)).toBe(CONFIG.replace('model = "o3"\n', ''));
  });

  it('refuses a file that does not parse, and a value TOML cannot hold, writing nothing', async () => {
    const path = config('model = \n');
    const error = await refusal(editConfig(policy, [{ key: 'model', value: 'o3' }], { path }));
    expect(error).toBeInstanceOf(TomlSyntaxError);
    expect(read(path)).toBe('model = \n');
    const other = config();
    const bad = await refusal(editConfig(policy, [{ key: 'model', value: null }], { path: other }));
    expect(bad.message).toContain('TOML has no null');
    expect(read(other)).toBe(CONFIG);
  });

  it('does not rewrite a file an edit does not change', async () => {
    const path = config();
    const inode = statSync(path).ino;
    const result = await editConfig(
      policy,
      [
        { key: 'features.personality', value: true },
        { key: 'nothing.here', value: undefined },
      ],
      { path },
    );
    expect(result.changed).toBe(false);
    expect(statSync(path).ino).toBe(inode);
  });
});

describe('editConfig files', () => {
  it('creates a missing file (and its folder), private to the user', async () => {
    const path = join(config(null), '..', 'new', 'config.toml');
    const result = await editConfig(policy, [{ key: 'features.personality', value: true }], { path });
    expect(result).toMatchObject({ changed: true, created: true });
    expect(read(path)).toBe('[features]\npersonality = true\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('keeps the file mode of an existing file', async () => {
    const path = config();
    chmodSync(path, 0o640);
    await editConfig(policy, [{ key: 'model', value: 'o3' }], { path });
    expect(statSync(path).mode & 0o777).toBe(0o640);
  });

  it('leaves the old file intact and no temporary file behind when it crashes before the rename', async () => {
    const path = config();
    const crash = new Error('simulated crash');
    let called = false;
    const failed = await editConfig(policy, [{ key: 'model', value: 'o3' }], {
      path,
      crashBeforeRename: () => {
        called = true;
        // The temporary file is written by now, and the lock is held.
        const names = folder(path);
        expect(names.filter((n) => /^\.config\.toml\.\d+\.[0-9a-f]{12}\.tmp$/.test(n))).toHaveLength(1);
        expect(names).toContain('config.toml.lock');
        throw crash;
      },
    }).catch((e: unknown) => e);
    expect(called).toBe(true);
    expect(failed).toBe(crash);
    expect(read(path)).toBe(CONFIG);
    expect(folder(path)).toEqual(['config.toml']);
  });

  it('refuses a read-only file (chmod 0444), leaving it unchanged', async () => {
    const path = config();
    chmodSync(path, 0o444);
    const error = await refusal(editConfig(policy, [{ key: 'model', value: 'o3' }], { path }));
    expect(error.source).toBe(path);
    expect(error.message).toContain('is read-only (mode 0444); refusing to replace it');
    expect(error.suggestion).toContain(`chmod u+w ${path}`);
    expect(read(path)).toBe(CONFIG);
    expect(statSync(path).mode & 0o777).toBe(0o444);
    expect(folder(path)).toEqual(['config.toml']);
  });

  it('refuses a hard-linked file rather than splitting the links, leaving both names unchanged', async () => {
    const path = config();
    const other = join(path, '..', 'other-name.toml');
    linkSync(path, other);
    const error = await refusal(editConfig(policy, [{ key: 'model', value: 'o3' }], { path }));
    expect(error.message).toContain('has 2 hard links; replacing it would split them');
    expect(read(path)).toBe(CONFIG);
    expect(statSync(path).ino).toBe(statSync(other).ino);
  });

  it.runIf(process.platform !== 'win32')(
    'a symbolic link loop or a path through a file is an InputError naming the path',
    async () => {
      const path = config(null);
      symlinkSync(join(path, '..', 'loop-b'), path);
      symlinkSync(path, join(path, '..', 'loop-b'));
      const loop = await refusal(editConfig(policy, [{ key: 'model', value: 'o3' }], { path }));
      expect(loop.message).toContain('(ELOOP)');
      const file = config();
      const under = await refusal(
        editConfig(policy, [{ key: 'model', value: 'o3' }], { path: join(file, 'config.toml') }),
      );
      expect(under.message).toContain('(ENOTDIR)');
      expect(under.suggestion).toBeDefined();
    },
  );

  it('a value too long for the layout-keeping editor is refused as input, not an internal error', async () => {
    const text = `model = "${'x'.repeat(500_000)}"\n`;
    const path = config(text);
    const error = await refusal(editConfig(policy, [{ key: 'approval_policy', value: 'untrusted' }], { path }));
    expect(error.message).toContain('has a value too long or nested too deeply to edit');
    expect(read(path)).toBe(text);
  });

  it('removes the temporary files of a writer killed before its rename, under the lock', async () => {
    const path = config();
    const leftover = join(path, '..', '.config.toml.4242.0123456789ab.tmp');
    writeFileSync(leftover, 'half');
    await editConfig(policy, [{ key: 'model', value: 'o3' }], { path });
    expect(folder(path)).toEqual(['config.toml']);
  });

  it('takes over the lock of a writer that died (older than the stale bound)', async () => {
    const path = config();
    const lockDir = `${path}.lock`;
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    await editConfig(policy, [{ key: 'model', value: 'o3' }], { path });
    expect(read(path)).toContain('model = "o3"');
    expect(folder(path)).toEqual(['config.toml']);
  });

  it('concurrent edits of one file, each its own key, all land (the lock serializes read, edit and replace)', async () => {
    const path = config('');
    await Promise.all(Array.from({ length: 20 }, (_, i) => editConfig(policy, [{ key: `k${i}`, value: i }], { path })));
    const text = read(path);
    for (let i = 0; i < 20; i++) expect(text).toContain(`k${i} = ${i}\n`);
  });

  it('refuses to follow a symbolic link out of the config folder', async () => {
    const outside = config('model = "o3"\n');
    const path = join(config(null), '..', 'config.toml');
    symlinkSync(outside, path);
    const error = await refusal(editConfig(policy, [{ key: 'model', value: 'gpt-5' }], { path }));
    expect(error.message).toContain(`is a symbolic link to ${outside}`);
    expect(error.suggestion).toContain(`edit ${outside} directly`);
    expect(read(outside)).toBe('model = "o3"\n');
  });

  it('writes through a symbolic link that stays in the folder, keeping the link', async () => {
    const path = config(null);
    const real = join(path, '..', 'real', 'codex.toml');
    mkdirSync(join(real, '..'));
    writeFileSync(real, 'model = "o3" # mine\n');
    symlinkSync('real/codex.toml', path);
    const result = await editConfig(policy, [{ key: 'model', value: 'gpt-5' }], { path });
    expect(result.target).toBe(real);
    expect(read(real)).toBe('model = "gpt-5" # mine\n');
    expect(lstatSync(path).isSymbolicLink()).toBe(true);
  });

  it('defaults to $CODEX_HOME/config.toml, else ~/.codex/config.toml', async () => {
    const home = join(config(null), '..');
    const codexHome = join(home, 'codex-home');
    const withHome = await editConfig(policy, [{ key: 'model', value: 'o3' }], {
      platform: { os: 'linux', env: { CODEX_HOME: codexHome }, homedir: home },
    });
    expect(withHome.path).toBe(join(codexHome, 'config.toml'));
    expect(read(join(codexHome, 'config.toml'))).toBe('model = "o3"\n');
    const withoutHome = await editConfig(policy, [{ key: 'model', value: 'o4-mini' }], {
      platform: { os: 'linux', env: {}, homedir: home },
    });
    expect(withoutHome.path).toBe(join(home, '.codex', 'config.toml'));
    expect(read(join(home, '.codex', 'config.toml'))).toBe('model = "o4-mini"\n');
  });
});
