import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { EXAMPLE_CONFIG, expectInputError, fileScopedDir, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-errors-');
const config = dir.write('config.toml', 'approval_policy = "on-request"\n');

/** `ratchet resolve` over one requirements file with the given text; returns the file path and the run. */
async function resolveWith(name: string, text: string) {
  const file = dir.write(name, text);
  return { file, result: await runRatchet(['resolve', '--requirements', file, '--config', config]) };
}

describe.concurrent('bad requirements input: exit 2, one stderr line naming file and key, no stack trace', () => {
  it('bad TOML syntax gives the line and column', async ({ expect }) => {
    const { file, result } = await resolveWith(
      'syntax.toml',
      'allowed_sandbox_modes = ["read-only"]\nallowed_approval_policies = ["never"\nx = 1\n',
    );
    const line = expectInputError(result, file, 'invalid TOML');
    expect(line).toMatch(/at line 3, column \d+/);
  });

  it('never with an explicit danger-full-access that requirements force to read-only stops loading', async () => {
    const req = dir.write('read-only.toml', 'allowed_sandbox_modes = ["read-only"]\n');
    const user = dir.write('never.toml', 'approval_policy = "never"\nsandbox_mode = "danger-full-access"\n');
    expectInputError(
      await runRatchet(['resolve', '--requirements', req, '--config', user]),
      user,
      'sandbox_mode',
      'cannot be used because requirements do not allow',
    );
  });

  it('a duplicate key is a syntax error', async () => {
    const { file, result } = await resolveWith(
      'duplicate.toml',
      'allowed_sandbox_modes = ["read-only"]\nallowed_sandbox_modes = ["read-only"]\n',
    );
    expectInputError(result, file, 'invalid TOML', 'line 2');
  });

  it('a wrong type names the key and the expected type', async ({ expect }) => {
    const { file, result } = await resolveWith('type.toml', 'allowed_approval_policies = "never"\n');
    const line = expectInputError(result, file, 'allowed_approval_policies', 'invalid type');
    expect(line).toContain('found string');
    expect(line).toContain('allowed_approval_policies = [');
  });

  it('an unknown enum value names the entry and lists the accepted values', async ({ expect }) => {
    const { file, result } = await resolveWith('enum.toml', 'allowed_sandbox_modes = ["read-only","full"]\n');
    const line = expectInputError(result, file, 'allowed_sandbox_modes[1]', 'unknown value "full"');
    expect(line).toContain('read-only, workspace-write, danger-full-access');
  });

  it('an empty reviewers list says what to list', async () => {
    const { file, result } = await resolveWith('reviewers.toml', 'allowed_approvals_reviewers = []\n');
    expectInputError(result, file, 'allowed_approvals_reviewers', 'cannot be empty', '"user"');
  });

  it('an empty approval policy list is refused too', async () => {
    const { file, result } = await resolveWith('policies.toml', 'allowed_approval_policies = []\n');
    expectInputError(result, file, 'allowed_approval_policies', 'cannot be empty');
  });

  it('a sandbox list without read-only asks to add it', async () => {
    const { file, result } = await resolveWith('no-read-only.toml', 'allowed_sandbox_modes = ["workspace-write"]\n');
    expectInputError(result, file, 'allowed_sandbox_modes', 'add "read-only"');
  });

  it("an empty [windows] allowed_sandbox_implementations is refused with Codex's message", async () => {
    const { file, result } = await resolveWith(
      'windows-empty.toml',
      '[windows]\nallowed_sandbox_implementations = []\n',
    );
    expectInputError(
      result,
      file,
      'windows.allowed_sandbox_implementations',
      'field `windows.allowed_sandbox_implementations` cannot be empty',
    );
  });

  it('an unknown Windows sandbox implementation names the entry', async () => {
    const { file, result } = await resolveWith(
      'windows-enum.toml',
      '[windows]\nallowed_sandbox_implementations = ["elevated", "admin"]\n',
    );
    expectInputError(result, file, 'windows.allowed_sandbox_implementations[1]', 'unknown value "admin"');
  });

  it('enforce_residency other than "us" names the key and the accepted value', async () => {
    for (const [name, value] of [
      ['residency-eu.toml', '"eu"'],
      ['residency-caps.toml', '"US"'],
      ['residency-list.toml', '["us"]'],
    ]) {
      const { file, result } = await resolveWith(name!, `enforce_residency = ${value}\n`);
      expectInputError(result, file, 'enforce_residency', '"us"');
    }
  });

  it('a remote_sandbox_config entry without patterns names the entry', async () => {
    const { file, result } = await resolveWith(
      'remote.toml',
      '[[remote_sandbox_config]]\nallowed_sandbox_modes = ["read-only"]\n',
    );
    expectInputError(result, file, 'remote_sandbox_config[0].hostname_patterns', 'missing');
  });

  it('a missing --requirements file', async () => {
    const missing = join(dir.path, 'nowhere', 'requirements.toml');
    expectInputError(await runRatchet(['resolve', '--requirements', missing, '--config', config]), missing, 'ENOENT');
  });

  it('a folder given as a requirements file', async () => {
    expectInputError(await runRatchet(['resolve', '--requirements', dir.path, '--config', config]), dir.path, 'EISDIR');
  });

  it('a requirements file over 4 MiB is refused before parsing', async ({ expect }) => {
    const { file, result } = await resolveWith(
      'huge.toml',
      `${'# padding padding padding padding\n'.repeat(140_000)}allowed_approval_policies = ["never"]\n`,
    );
    const line = expectInputError(result, file, 'more than 4194304');
    expect(line.length).toBeLessThan(300);
  });

  it('a 100 KB string is named, not echoed in full', async ({ expect }) => {
    const { file, result } = await resolveWith(
      'long-string.toml',
      `allowed_approval_policies = ["${'x'.repeat(100_000)}"]\n`,
    );
    const line = expectInputError(result, file, 'allowed_approval_policies[0]', 'unknown value', '100000 characters');
    expect(line.length).toBeLessThan(400);
  });

  it('a 100 KB key is shortened in the message and the key', async ({ expect }) => {
    const file = dir.write('long-key.toml', `"${'k'.repeat(100_000)}" = 1\n`);
    const result = await runRatchet(['validate', file]);
    expect(result.status).toBe(0);
    expect(result.stdout.length).toBeLessThan(1000);
    expect(result.stdout).toContain('100000 characters');
  });

  it('a deeply nested inline table', async () => {
    const nested = `${'{ a = '.repeat(5_000)}1${' }'.repeat(5_000)}`;
    const { file, result } = await resolveWith('deep-table.toml', `allowed_sandbox_modes = ${nested}\n`);
    expectInputError(result, file, 'invalid TOML', 'nested');
  });

  it('a deeply nested array', async () => {
    const { file, result } = await resolveWith(
      'deep-array.toml',
      `allowed_sandbox_modes = ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`,
    );
    expectInputError(result, file, 'invalid TOML');
  });

  it('a moderately nested table of the wrong type is a type error', async () => {
    const { file, result } = await resolveWith(
      'nested-type.toml',
      `allowed_sandbox_modes = ${'{ a = '.repeat(50)}1${' }'.repeat(50)}\n`,
    );
    expectInputError(result, file, 'allowed_sandbox_modes', 'invalid type', 'found table');
  });

  it('bytes that are not UTF-8 TOML', async () => {
    const { file, result } = await resolveWith('binary.toml', '\u0000\u0001\u0002 = 1\n');
    expectInputError(result, file, 'invalid TOML');
  });

  it('keys named like Object.prototype members are unknown keys, not requirements', async ({ expect }) => {
    const file = dir.write(
      'proto.toml',
      'constructor = 1\n"__proto__" = { allowed_sandbox_modes = ["read-only"] }\ntoString = "x"\n',
    );
    const wants = dir.write('wants-write.toml', 'sandbox_mode = "workspace-write"\n');
    const result = await runRatchet(['resolve', '--requirements', file, '--config', wants, '--json']);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as { effective: Record<string, unknown>; warnings: { key: string }[] };
    expect(out.effective.sandbox_mode).toBe('workspace-write');
    expect(out.warnings.map((w) => w.key).sort()).toEqual(['__proto__', 'constructor', 'toString']);
  });

  it('several problems in one file are each reported on their own line', async ({ expect }) => {
    const { file, result } = await resolveWith(
      'two-problems.toml',
      'allowed_approvals_reviewers = []\nallowed_sandbox_modes = ["full"]\n',
    );
    expect(result.status).toBe(2);
    const out = result.stderr.trimEnd().split('\n');
    expect(out).toHaveLength(2);
    for (const line of out) expect(line).toContain(file);
  });
});

describe.concurrent('bad user input (config.toml, -c): exit 2, one stderr line', () => {
  it("an invalid value in the user's config.toml names config.toml and the key", async ({ expect }) => {
    mkdirSync(join(dir.path, 'user'), { recursive: true });
    const bad = dir.write('user/config.toml', 'approval_policy = "sometimes"\n');
    const line = expectInputError(
      await runRatchet(['resolve', '--no-default-sources', '--config', bad]),
      bad,
      'approval_policy',
      'unknown value "sometimes"',
    );
    expect(line.startsWith(`ratchet: ${bad}: approval_policy: `)).toBe(true);
  });

  it('the default config.toml is checked too', async () => {
    const home = join(dir.path, 'home');
    mkdirSync(home, { recursive: true });
    const file = dir.write('home/config.toml', 'sandbox_mode = "wide-open"\n');
    expectInputError(
      await runRatchet(['resolve', '--no-default-sources'], { env: { CODEX_HOME: home } }),
      file,
      'sandbox_mode',
      '"wide-open"',
    );
  });

  it('a wrong type in config.toml', async () => {
    const bad = dir.write('type-config.toml', 'web_search = true\n');
    expectInputError(
      await runRatchet(['resolve', '--no-default-sources', '--config', bad]),
      bad,
      'web_search',
      'invalid type',
    );
  });

  it('bad TOML in config.toml', async () => {
    const bad = dir.write('syntax-config.toml', 'approval_policy = \n');
    expectInputError(
      await runRatchet(['resolve', '--no-default-sources', '--config', bad]),
      bad,
      'invalid TOML at line 1',
    );
  });

  it('an invalid value inside a profile names the profile key', async () => {
    const bad = dir.write('profile-config.toml', '[profiles.work]\nsandbox_mode = "nope"\n');
    expectInputError(
      await runRatchet(['resolve', '--no-default-sources', '--config', bad, '--profile', 'work']),
      bad,
      'profiles.work.sandbox_mode',
    );
  });

  it('a 100 KB string in config.toml is shortened', async ({ expect }) => {
    const bad = dir.write('long-config.toml', `approval_policy = "${'y'.repeat(100_000)}"\n`);
    const line = expectInputError(
      await runRatchet(['resolve', '--no-default-sources', '--config', bad]),
      bad,
      'approval_policy',
    );
    expect(line.length).toBeLessThan(400);
  });

  it('a malformed -c override', async () => {
    expectInputError(
      await runRatchet(['resolve', '--no-default-sources', '--config', EXAMPLE_CONFIG, '-c', 'sandbox_mode']),
      '-c',
      'sandbox_mode',
      'key=value',
    );
  });

  it('a 100 KB -c value is shortened', async ({ expect }) => {
    const line = expectInputError(
      await runRatchet([
        'resolve',
        '--no-default-sources',
        '--config',
        EXAMPLE_CONFIG,
        '-c',
        `approval_policy=${'z'.repeat(100_000)}`,
      ]),
      '-c',
      'approval_policy',
    );
    expect(line.length).toBeLessThan(400);
  });
});
