import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { expectInputError, fileScopedDir, parseJson, runRatchet } from './helpers.js';

// These tests need `config` registered in packages/cli/src/main.ts.
const dir = fileScopedDir('ratchet-cli-config-');

const requirements = dir.write(
  'requirements.toml',
  'allowed_approval_policies = ["untrusted", "on-request"]\n\n[features]\npersonality = true\n',
);
const CONFIG = `# my Codex settings
approval_policy = "untrusted"   # keep me careful
model = 'o3'

[features]
# warmer answers
personality = true

[profiles.work]
# work profile
model = "gpt-5"
`;
let count = 0;
/** A config.toml of its own for one test. */
const config = () => dir.write(`config-${++count}.toml`, CONFIG);
const read = (path: string) => readFileSync(path, 'utf8');
const ratchet = (...args: string[]) => runRatchet(['config', ...args, '--requirements', requirements]);

describe.concurrent('ratchet config', () => {
  it('set writes one value in place and says what it did', async ({ expect }) => {
    const file = config();
    const result = await ratchet('set', 'approval_policy', 'on-request', '--file', file);
    expect(result).toEqual({ status: 0, stdout: `set approval_policy = "on-request" in ${file}\n`, stderr: '' });
    expect(read(file)).toBe(CONFIG.replace('"untrusted"   #', '"on-request"   #'));
  });

  it('set reads VALUE as TOML, else as a string, keeping the quoting style of the old value', async ({ expect }) => {
    const file = config();
    expect((await ratchet('set', 'model', 'o4-mini', '--file', file)).stdout).toBe(
      `set model = "o4-mini" in ${file}\n`,
    );
    expect((await ratchet('set', 'notify', '["notify-send", "Codex"]', '--file', file)).status).toBe(0);
    expect(read(file)).toBe(
      CONFIG.replace("model = 'o3'\n", 'model = \'o4-mini\'\nnotify = ["notify-send", "Codex"]\n'),
    );
  });

  it('unset removes just the key line, keeping the comment above it', async ({ expect }) => {
    const file = config();
    const top = await ratchet('unset', 'features.personality', '--file', file);
    expect(top).toEqual({ status: 0, stdout: `unset features.personality in ${file}\n`, stderr: '' });
    expect(read(file)).toBe(CONFIG.replace('personality = true\n', ''));
  });

  it('--profile NAME edits profiles.NAME.KEY in its table', async ({ expect }) => {
    const file = config();
    const set = await ratchet('set', 'approval_policy', 'on-request', '--profile', 'work', '--file', file);
    expect(set.stdout).toBe(`set profiles.work.approval_policy = "on-request" in ${file}\n`);
    expect(read(file)).toBe(`${CONFIG}approval_policy = "on-request"\n`);
    const unset = await ratchet('unset', 'model', '--profile', 'work', '--file', file);
    expect(unset.stdout).toBe(`unset profiles.work.model in ${file}\n`);
    expect(read(file)).toBe(CONFIG.replace('model = "gpt-5"\n', 'approval_policy = "on-request"\n'));
  });

  it('a write a requirement refuses exits 2, names the key, value, requirement and source, and changes nothing', async ({
    expect,
  }) => {
    const file = config();
    const result = await ratchet('set', 'approval_policy', 'never', '--file', file);
    expectInputError(result, file, 'approval_policy = "never"', 'allowed_approval_policies', requirements, 'fix:');
    const profiled = await ratchet('set', 'features.personality', 'false', '--profile', 'work', '--file', file);
    expectInputError(
      profiled,
      'profiles.work.features.personality = false',
      'features.personality = true',
      requirements,
    );
    expect(read(file)).toBe(CONFIG);
  });

  it('--json reports the edit', async ({ expect }) => {
    const file = config();
    const out = parseJson<Record<string, unknown>>(
      await ratchet('set', 'features.personality', 'true', '--file', file, '--json'),
    );
    expect(out).toEqual({
      action: 'set',
      key: 'features.personality',
      value: true,
      path: file,
      changed: false,
      warnings: [],
    });
  });

  it('without --file writes $CODEX_HOME/config.toml, creating it', async ({ expect }) => {
    const home = join(dir.path, 'codex-home');
    const result = await runRatchet(['config', 'set', 'model', 'o3', '--requirements', requirements], {
      env: { CODEX_HOME: home },
    });
    expect(result).toEqual({ status: 0, stdout: `set model = "o3" in ${join(home, 'config.toml')}\n`, stderr: '' });
    expect(read(join(home, 'config.toml'))).toBe('model = "o3"\n');
  });

  it('a missing KEY or VALUE is a usage error', async ({ expect }) => {
    const result = await ratchet('set', 'model');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('config set needs KEY VALUE');
  });
});
