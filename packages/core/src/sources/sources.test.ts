import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultConfigPath,
  defaultRequirementsSources,
  managedConfigFileSource,
  requirementsBase64Source,
  requirementsFileSource,
  requirementsTextSource,
  systemRequirementsPath,
  type Platform,
} from './loaders.js';
import { resolveLayerPath } from './relative.js';
import { MAX_TOML_BYTES, parseTomlText, readTomlFile } from './toml.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratchet-core-sources-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('parseTomlText', () => {
  it('parses a table', () => {
    const read = parseTomlText('allowed = ["a"]\n[t]\nx = 1\n', 'src');
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.table).toEqual({ allowed: ['a'], t: { x: 1 } });
  });

  it('reports a syntax error with line and column in one line', () => {
    const read = parseTomlText('a = 1\nb = \n', 'req.toml');
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const d = read.diagnostic;
    expect(d.kind).toBe('toml-syntax');
    expect(d.severity).toBe('error');
    expect(d.source).toBe('req.toml');
    expect(d.message).toMatch(/^invalid TOML at line 2, column \d+: \S/);
    expect(d.message).not.toContain('\n');
    expect(d.message).not.toContain('Invalid TOML document');
    expect(d.suggestion).toBe('correct the TOML syntax at that position');
  });

  it('refuses input larger than the limit', () => {
    const read = parseTomlText(`a = "${'x'.repeat(MAX_TOML_BYTES)}"`, 'big');
    expect(read.ok).toBe(false);
    if (!read.ok) {
      expect(read.diagnostic.kind).toBe('too-large');
      expect(read.diagnostic.source).toBe('big');
    }
  });
});

describe('readTomlFile', () => {
  it('reads and parses a file', () => {
    const path = write('r.toml', 'k = true\n');
    expect(readTomlFile(path, 'error')).toEqual({ ok: true, table: { k: true } });
  });

  it('treats a missing file as no input with absent', () => {
    expect(readTomlFile(join(dir, 'missing.toml'), 'absent')).toBeUndefined();
  });

  it('reports a missing file with error', () => {
    const path = join(dir, 'missing.toml');
    const read = readTomlFile(path, 'error');
    expect(read).toMatchObject({ ok: false, diagnostic: { kind: 'read-failed', severity: 'error', source: path } });
    if (read && !read.ok) expect(read.diagnostic.message).toContain('ENOENT');
  });

  it('reports a syntax error with the path as source', () => {
    const path = write('bad.toml', '[unclosed\n');
    expect(readTomlFile(path, 'absent')).toMatchObject({
      ok: false,
      diagnostic: { kind: 'toml-syntax', source: path },
    });
  });

  it('reports a directory as a read failure even with absent', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(readTomlFile(sub, 'absent')).toMatchObject({ ok: false, diagnostic: { kind: 'read-failed', source: sub } });
  });
});

describe('requirementsFileSource', () => {
  it('yields one requirements layer labelled by its path', async () => {
    const path = write('requirements.toml', 'allowed_colors = ["red"]\n');
    const loader = requirementsFileSource(path);
    expect(loader.id).toBe(`file:${path}`);
    expect(loader.description).toContain(path);
    expect(await loader.load()).toEqual({
      layers: [
        { source: { kind: 'file', label: path, path }, format: 'requirements', table: { allowed_colors: ['red'] } },
      ],
      diagnostics: [],
    });
  });

  it('errors on a missing file unless optional', async () => {
    const path = join(dir, 'nope.toml');
    const required = await requirementsFileSource(path).load();
    expect(required.layers).toEqual([]);
    expect(required.diagnostics.map((d) => d.kind)).toEqual(['read-failed']);
    const optional = await requirementsFileSource(path, { kind: 'system', optional: true }).load();
    expect(optional).toEqual({ layers: [], diagnostics: [] });
    expect(requirementsFileSource(path, { kind: 'system' }).id).toBe(`system:${path}`);
  });

  it('stops on any read error other than a missing file, with the path and the reason', async () => {
    const folder = join(dir, 'folder.toml');
    mkdirSync(folder);
    const notFolder = join(write('plain', ''), 'requirements.toml');
    for (const [path, code, reason, suggestion] of [
      [folder, 'EISDIR', 'it is a folder, not a file', 'name a file'],
      [notFolder, 'ENOTDIR', 'a part of the path is not a folder', 'check the path'],
    ] as const) {
      const result = await requirementsFileSource(path, { kind: 'system', optional: true }).load();
      expect(result.layers).toEqual([]);
      expect(result.diagnostics).toEqual([
        {
          kind: 'read-failed',
          severity: 'error',
          source: path,
          message: `cannot read file (${code}): ${reason}`,
          suggestion,
        },
      ]);
    }
  });

  it("records the absolute path, so relative entries resolve against the file's folder", async () => {
    const sub = join(dir, 'etc', 'codex');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'requirements.toml'), 'deny_read = ["secrets"]\n');
    const given = relative(process.cwd(), join(sub, 'requirements.toml'));
    const loader = requirementsFileSource(given, { kind: 'system' });
    const [layer] = (await loader.load()).layers;
    expect(layer!.source).toEqual({ kind: 'system', label: given, path: join(sub, 'requirements.toml') });
    expect(resolveLayerPath(layer!.source, 'secrets')).toBe(join(sub, 'secrets'));
    expect(resolveLayerPath(layer!.source, '../x')).toBe(join(dir, 'etc', 'x'));
    expect(resolveLayerPath(layer!.source, '/abs/path')).toBe('/abs/path');
  });

  it('turns a syntax error into a diagnostic, not a layer', async () => {
    const path = write('bad.toml', 'x = [\n');
    const result = await requirementsFileSource(path).load();
    expect(result.layers).toEqual([]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ kind: 'toml-syntax', source: path });
  });
});

describe('requirementsTextSource', () => {
  it('parses the text under the given label', async () => {
    const loader = requirementsTextSource('a = 1', 'cloud requirements', 'cloud');
    expect(loader.id).toBe('cloud:cloud requirements');
    const result = await loader.load();
    expect(result.layers).toEqual([
      { source: { kind: 'cloud', label: 'cloud requirements' }, format: 'requirements', table: { a: 1 } },
    ]);
    expect(requirementsTextSource('a = 1', 'x').id).toBe('host:x');
  });

  it('reports syntax errors under the label', async () => {
    const result = await requirementsTextSource('a =', 'inline').load();
    expect(result.diagnostics[0]).toMatchObject({ kind: 'toml-syntax', source: 'inline' });
  });
});

describe('requirementsBase64Source', () => {
  it('decodes and parses a valid payload', async () => {
    const payload = Buffer.from('allowed_colors = ["blue"]\n').toString('base64');
    const loader = requirementsBase64Source(payload);
    expect(loader.id).toBe('mdm:MDM com.openai.codex:requirements_toml_base64');
    const result = await loader.load();
    expect(result.diagnostics).toEqual([]);
    expect(result.layers).toEqual([
      {
        source: { kind: 'mdm', label: 'MDM com.openai.codex:requirements_toml_base64' },
        format: 'requirements',
        table: { allowed_colors: ['blue'] },
      },
    ]);
  });

  it('rejects a payload that is not base64', async () => {
    const result = await requirementsBase64Source('not base64!!', 'mdm-label').load();
    expect(result.layers).toEqual([]);
    expect(result.diagnostics).toEqual([
      {
        kind: 'invalid-value',
        severity: 'error',
        source: 'mdm-label',
        message: 'payload is not valid base64',
        suggestion:
          'the payload is the base64 of a requirements.toml, not the TOML itself: base64 -w0 requirements.toml',
      },
    ]);
  });

  it('says so when the payload is the TOML itself', async () => {
    const result = await requirementsBase64Source('allowed_sandbox_modes = ["read-only"]\n', 'm').load();
    expect(result.diagnostics[0]?.message).toBe('payload is not valid base64 (it looks like TOML, not its base64)');
  });

  it('accepts line-wrapped base64 and rejects unpadded or non-UTF-8 payloads', async () => {
    const wrapped = Buffer.from('allowed_colors = ["blue", "green", "red"]\n')
      .toString('base64')
      .replace(/(.{16})/g, '$1\n');
    expect((await requirementsBase64Source(wrapped).load()).layers).toHaveLength(1);
    const unpadded = Buffer.from('a = 1').toString('base64').replace(/=+$/, '');
    expect((await requirementsBase64Source(unpadded, 'm').load()).diagnostics[0]).toMatchObject({
      message: 'payload is not valid base64',
    });
    const latin1 = Buffer.from('a = "\xe9"', 'latin1').toString('base64');
    expect((await requirementsBase64Source(latin1, 'm').load()).diagnostics[0]).toMatchObject({
      source: 'm',
      message: 'decoded payload is not UTF-8 text (invalid UTF-8 at byte 5)',
    });
  });

  it('reports a decoded payload that is not TOML as a syntax error', async () => {
    const result = await requirementsBase64Source(Buffer.from('a = [').toString('base64'), 'mdm').load();
    expect(result.diagnostics[0]).toMatchObject({ kind: 'toml-syntax', source: 'mdm' });
  });
});

describe('managedConfigFileSource', () => {
  it('yields a managed-config layer', async () => {
    const path = write('managed_config.toml', 'color = "green"\n');
    const loader = managedConfigFileSource(path);
    expect(loader.id).toBe(`legacy:${path}`);
    expect(await loader.load()).toEqual({
      layers: [{ source: { kind: 'legacy', label: path, path }, format: 'managed-config', table: { color: 'green' } }],
      diagnostics: [],
    });
  });

  it('treats a missing file as no layer', async () => {
    expect(await managedConfigFileSource(join(dir, 'absent.toml')).load()).toEqual({ layers: [], diagnostics: [] });
  });
});

describe('platform paths', () => {
  const linux: Platform = { os: 'linux', env: {}, homedir: '/home/u' };

  it('systemRequirementsPath on linux', () => {
    expect(systemRequirementsPath(linux)).toBe('/etc/codex/requirements.toml');
    expect(systemRequirementsPath({ ...linux, os: 'darwin' })).toBe('/etc/codex/requirements.toml');
  });

  it('systemRequirementsPath on win32 uses ProgramData, else C:\\ProgramData', () => {
    expect(systemRequirementsPath({ os: 'win32', env: { ProgramData: 'D:\\Data' }, homedir: 'C:\\Users\\u' })).toBe(
      'D:\\Data\\OpenAI\\Codex\\requirements.toml',
    );
    expect(systemRequirementsPath({ os: 'win32', env: { PROGRAMDATA: 'E:\\PD' }, homedir: 'C:\\Users\\u' })).toBe(
      'E:\\PD\\OpenAI\\Codex\\requirements.toml',
    );
    expect(systemRequirementsPath({ os: 'win32', env: {}, homedir: 'C:\\Users\\u' })).toBe(
      'C:\\ProgramData\\OpenAI\\Codex\\requirements.toml',
    );
  });

  it('defaultRequirementsSources lists the system file, then the legacy managed config beside it', () => {
    expect(defaultRequirementsSources(linux).map((s) => s.id)).toEqual([
      'system:/etc/codex/requirements.toml',
      'legacy:/etc/codex/managed_config.toml',
    ]);
    expect(defaultRequirementsSources({ os: 'win32', env: {}, homedir: 'C:\\Users\\u' }).map((s) => s.id)).toEqual([
      'system:C:\\ProgramData\\OpenAI\\Codex\\requirements.toml',
      'legacy:C:\\ProgramData\\OpenAI\\Codex\\managed_config.toml',
    ]);
  });

  it('defaultRequirementsSources adds cloud (when configured) and MDM above the system file, the MDM legacy config above the file one', () => {
    const cloud = {
      endpoint: 'https://cloud.example/req',
      token: 't',
      identity: 'i',
      cacheFile: '/tmp/c',
      cacheKey: 'k',
    };
    expect(defaultRequirementsSources(linux, { cloud, mdm: { file: '/etc/codex/mdm.b64' } }).map((s) => s.id)).toEqual([
      'cloud:https://cloud.example/req',
      'mdm:/etc/codex/mdm.b64',
      'system:/etc/codex/requirements.toml',
      'legacy:/etc/codex/managed_config.toml',
    ]);
    const mac: Platform = { ...linux, os: 'darwin' };
    expect(defaultRequirementsSources(mac).map((s) => s.id)).toEqual([
      'mdm:com.openai.codex:requirements_toml_base64',
      'system:/etc/codex/requirements.toml',
      'mdm-legacy:com.openai.codex:config_toml_base64',
      'legacy:/etc/codex/managed_config.toml',
    ]);
    expect(defaultRequirementsSources(mac, { mdm: false, mdmManagedConfig: false }).map((s) => s.id)).toEqual([
      'system:/etc/codex/requirements.toml',
      'legacy:/etc/codex/managed_config.toml',
    ]);
    expect(defaultRequirementsSources(linux, { mdm: { envVar: 'X' } }).map((s) => s.id)[0]).toBe('mdm:$X');
    expect(defaultRequirementsSources(linux, { mdmManagedConfig: { envVar: 'Y' } }).map((s) => s.id)).toEqual([
      'system:/etc/codex/requirements.toml',
      'mdm-legacy:$Y',
      'legacy:/etc/codex/managed_config.toml',
    ]);
  });

  it('defaultConfigPath uses CODEX_HOME when set, else ~/.codex', () => {
    expect(defaultConfigPath(linux)).toBe(join('/home/u', '.codex', 'config.toml'));
    expect(defaultConfigPath({ ...linux, env: { CODEX_HOME: '/opt/codex' } })).toBe(join('/opt/codex', 'config.toml'));
    expect(defaultConfigPath({ ...linux, env: { CODEX_HOME: '' } })).toBe(join('/home/u', '.codex', 'config.toml'));
  });
});
