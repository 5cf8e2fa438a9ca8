import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileRunner, mdmRequirementsSource, type CommandResult, type CommandRunner } from './mdm.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratchet-mdm-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const b64 = (text: string) => Buffer.from(text).toString('base64');
const LABEL = 'MDM com.openai.codex:requirements_toml_base64';

/** A runner answering `result` and remembering how it was called. */
function fakeRunner(result: CommandResult) {
  const calls: { command: string; args: readonly string[]; timeoutMs: number }[] = [];
  const runner: CommandRunner = (command, args, timeoutMs) => {
    calls.push({ command, args, timeoutMs });
    return Promise.resolve(result);
  };
  return { runner, calls };
}

describe('mdmRequirementsSource on macOS (injected runner)', () => {
  it('reads the administrator-forced preference with `defaults read` and decodes it', async () => {
    const { runner, calls } = fakeRunner({ status: 0, stdout: `${b64('allowed_colors = ["blue"]\n')}\n`, stderr: '' });
    const source = mdmRequirementsSource({ os: 'darwin', runner, timeoutMs: 1234 });
    expect(source.id).toBe('mdm:com.openai.codex:requirements_toml_base64');
    const result = await source.load();
    // The forced-values plist: a preference the user wrote with `defaults write` is never read.
    expect(calls).toEqual([
      {
        command: '/usr/bin/defaults',
        args: ['read', '/Library/Managed Preferences/com.openai.codex', 'requirements_toml_base64'],
        timeoutMs: 1234,
      },
    ]);
    expect(result).toEqual({
      layers: [{ source: { kind: 'mdm', label: LABEL }, format: 'requirements', table: { allowed_colors: ['blue'] } }],
      diagnostics: [],
      detail: {
        from: 'preferences',
        location: '/Library/Managed Preferences/com.openai.codex:requirements_toml_base64',
      },
    });
  });

  it("the legacy managed config (config_toml_base64) is a managed-config layer under Codex's legacy label", async () => {
    const { runner, calls } = fakeRunner({ status: 0, stdout: b64('approval_policy = "never"\n'), stderr: '' });
    const source = mdmRequirementsSource({ os: 'darwin', runner, format: 'managed-config' });
    expect(source.id).toBe('mdm-legacy:com.openai.codex:config_toml_base64');
    const result = await source.load();
    expect(calls[0]!.args).toEqual(['read', '/Library/Managed Preferences/com.openai.codex', 'config_toml_base64']);
    expect(result.layers).toEqual([
      {
        source: { kind: 'legacy', label: 'MDM managed_config.toml (legacy)' },
        format: 'managed-config',
        table: { approval_policy: 'never' },
      },
    ]);
    const bad = await mdmRequirementsSource({
      os: 'darwin',
      format: 'managed-config',
      runner: fakeRunner({ status: 0, stdout: b64('a = ['), stderr: '' }).runner,
    }).load();
    expect(bad.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', kind: 'toml-syntax', source: 'MDM managed_config.toml (legacy)' }),
    ]);
    const elsewhere = await mdmRequirementsSource({
      os: 'linux',
      format: 'managed-config',
      env: { P: b64('sandbox_mode = "workspace-write"') },
      envVar: 'P',
    }).load();
    expect(elsewhere.layers).toEqual([
      {
        source: { kind: 'legacy', label: 'MDM managed_config.toml (legacy)' },
        format: 'managed-config',
        table: { sandbox_mode: 'workspace-write' },
      },
    ]);
  });

  it('an absent key or domain is no layer', async () => {
    const stderr = 'The domain/default pair of (com.openai.codex, requirements_toml_base64) does not exist\n';
    expect(
      await mdmRequirementsSource({
        os: 'darwin',
        runner: fakeRunner({ status: 1, stdout: '', stderr }).runner,
      }).load(),
    ).toEqual({ layers: [], diagnostics: [] });
    const domain = 'Domain com.openai.codex does not exist\n';
    expect(
      await mdmRequirementsSource({
        os: 'darwin',
        runner: fakeRunner({ status: 1, stdout: '', stderr: domain }).runner,
      }).load(),
    ).toEqual({ layers: [], diagnostics: [] });
  });

  it('invalid base64 is an error naming the MDM source', async () => {
    const result = await mdmRequirementsSource({
      os: 'darwin',
      runner: fakeRunner({ status: 0, stdout: 'not base64!!\n', stderr: '' }).runner,
    }).load();
    expect(result.layers).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        kind: 'invalid-value',
        source: LABEL,
        message: 'payload is not valid base64',
      }),
    ]);
  });

  it('invalid TOML is an error naming the MDM source', async () => {
    const result = await mdmRequirementsSource({
      os: 'darwin',
      runner: fakeRunner({ status: 0, stdout: b64('a = ['), stderr: '' }).runner,
    }).load();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', kind: 'toml-syntax', source: LABEL }),
    ]);
  });

  it('a timeout or any other failure of `defaults` stops loading', async () => {
    const timeout = await mdmRequirementsSource({
      os: 'darwin',
      timeoutMs: 50,
      runner: fakeRunner({ status: null, stdout: '', stderr: '', error: 'timeout' }).runner,
    }).load();
    expect(timeout.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        source: LABEL,
        message: '`defaults read` gave no answer within 50 ms',
      }),
    ]);
    const other = await mdmRequirementsSource({
      os: 'darwin',
      runner: fakeRunner({ status: 2, stdout: '', stderr: 'boom\nmore' }).runner,
    }).load();
    expect(other.diagnostics[0]).toMatchObject({ severity: 'error', message: '`defaults read` failed: boom' });
    const spawn = await mdmRequirementsSource({
      os: 'darwin',
      runner: fakeRunner({ status: null, stdout: '', stderr: '', error: 'spawn-failed', reason: 'ENOENT' }).runner,
    }).load();
    expect(spawn.diagnostics[0]!.message).toContain('cannot run /usr/bin/defaults: ENOENT');
  });

  it('an empty value is no layer', async () => {
    const result = await mdmRequirementsSource({
      os: 'darwin',
      runner: fakeRunner({ status: 0, stdout: '\n', stderr: '' }).runner,
    }).load();
    expect(result.layers).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('can read another domain a host chooses', async () => {
    const { runner, calls } = fakeRunner({ status: 0, stdout: b64('a = 1'), stderr: '' });
    const result = await mdmRequirementsSource({ os: 'darwin', runner, domain: 'com.example.agent' }).load();
    expect(calls[0]!.args).toEqual(['read', 'com.example.agent', 'requirements_toml_base64']);
    expect(result.layers[0]!.source.label).toBe('MDM com.example.agent:requirements_toml_base64');
  });
});

describe('execFileRunner', () => {
  it('returns output and exit status', async () => {
    expect(await execFileRunner('/bin/sh', ['-c', 'printf hi; printf err >&2'], 5000)).toEqual({
      status: 0,
      stdout: 'hi',
      stderr: 'err',
    });
    expect(await execFileRunner('/bin/sh', ['-c', 'exit 3'], 5000)).toMatchObject({ status: 3 });
  });

  it('kills a command that outlives its timeout', async () => {
    const started = performance.now();
    const result = await execFileRunner('/bin/sh', ['-c', 'sleep 10'], 200);
    expect(result.error).toBe('timeout');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('reports a command that cannot start', async () => {
    expect(await execFileRunner(join(dir, 'no-such-command'), [], 1000)).toMatchObject({
      status: null,
      error: 'spawn-failed',
    });
  });
});

describe('mdmRequirementsSource elsewhere (environment variable or file)', () => {
  it('reads the payload from the host-chosen variable', async () => {
    const source = mdmRequirementsSource({
      os: 'linux',
      envVar: 'MDM_REQ',
      env: { MDM_REQ: b64('allowed_colors = ["red"]') },
      file: join(dir, 'absent'),
    });
    expect(source.id).toBe(`mdm:$MDM_REQ,${join(dir, 'absent')}`);
    expect(await source.load()).toEqual({
      layers: [
        { source: { kind: 'mdm', label: 'MDM $MDM_REQ' }, format: 'requirements', table: { allowed_colors: ['red'] } },
      ],
      diagnostics: [],
      detail: { from: 'env', location: 'MDM_REQ' },
    });
  });

  it('reads the file when the variable is unset or empty', async () => {
    const file = join(dir, 'mdm.b64');
    writeFileSync(file, `${b64('allowed_colors = ["green"]')}\n`);
    for (const env of [{}, { MDM_REQ: '' }]) {
      const result = await mdmRequirementsSource({ os: 'win32', envVar: 'MDM_REQ', env, file }).load();
      expect(result.layers).toEqual([
        { source: { kind: 'mdm', label: `MDM ${file}` }, format: 'requirements', table: { allowed_colors: ['green'] } },
      ]);
      expect(result.detail).toEqual({ from: 'file', location: file });
    }
  });

  it('a missing file, or nothing configured, is no layer', async () => {
    expect(await mdmRequirementsSource({ os: 'linux', file: join(dir, 'absent') }).load()).toEqual({
      layers: [],
      diagnostics: [],
    });
    expect(await mdmRequirementsSource({ os: 'linux' }).load()).toEqual({ layers: [], diagnostics: [] });
  });

  it('any other read error stops loading, naming the MDM file', async () => {
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    const result = await mdmRequirementsSource({ os: 'linux', file: folder }).load();
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', kind: 'read-failed', source: `MDM ${folder}` }),
    ]);
    expect(result.diagnostics[0]!.message).toContain('EISDIR');
  });

  it('invalid base64, UTF-8 or TOML is an error naming the MDM source', async () => {
    const bad = await mdmRequirementsSource({ os: 'linux', envVar: 'V', env: { V: 'abc' } }).load();
    expect(bad.diagnostics).toEqual([
      expect.objectContaining({ severity: 'error', source: 'MDM $V', message: 'payload is not valid base64' }),
    ]);
    const binary = await mdmRequirementsSource({
      os: 'linux',
      envVar: 'V',
      env: { V: Buffer.from([0xff, 0xfe, 0x00]).toString('base64') },
    }).load();
    expect(binary.diagnostics[0]).toMatchObject({
      severity: 'error',
      source: 'MDM $V',
      message: 'decoded payload is not UTF-8 text (invalid UTF-8 at byte 0)',
    });
    const file = join(dir, 'bad.b64');
    writeFileSync(file, b64('x = [\n'));
    const toml = await mdmRequirementsSource({ os: 'linux', file }).load();
    expect(toml.diagnostics[0]).toMatchObject({ severity: 'error', kind: 'toml-syntax', source: `MDM ${file}` });
  });
});
