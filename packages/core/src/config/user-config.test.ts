import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidValueError, MissingKeyError, TomlSyntaxError, type InputError } from '../diagnostics/errors.js';
import { loadUserConfig, parseOverride, UserConfig } from './user-config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ratchet-core-config-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function caught(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    return error as InputError;
  }
  throw new Error('expected an error');
}

const text = (t: string, name = 'config.toml') => ({ text: t, name });

describe('loadUserConfig: files', () => {
  it('reads a config file from a path', () => {
    const path = join(dir, 'config.toml');
    writeFileSync(path, 'approval_policy = "never"\n[features]\nx = true\n');
    const config = loadUserConfig({ file: path });
    expect(config.get('approval_policy')).toEqual({
      value: 'never',
      origin: { layer: 'config', source: path, key: 'approval_policy' },
    });
    expect(config.get('features.x')).toEqual({
      value: true,
      origin: { layer: 'config', source: path, key: 'features.x' },
    });
    expect(config.get('features.y')).toBeUndefined();
    expect(config.get('approval_policy.deeper')).toBeUndefined();
  });

  it('treats a missing file as an empty configuration', () => {
    const config = loadUserConfig({ file: join(dir, 'absent.toml') });
    expect(config.get('approval_policy')).toBeUndefined();
    expect(config.layers.map((l) => l.layer)).toEqual(['config']);
  });

  it('throws a TomlSyntaxError for a file that does not parse', () => {
    const path = join(dir, 'bad.toml');
    writeFileSync(path, 'approval_policy = \n');
    const error = caught(() => loadUserConfig({ file: path }));
    expect(error).toBeInstanceOf(TomlSyntaxError);
    expect(error.source).toBe(path);
  });

  it('reads config text under its name', () => {
    const config = loadUserConfig({ file: text('sandbox_mode = "read-only"', 'host config') });
    expect(config.get('sandbox_mode')?.origin).toEqual({ layer: 'config', source: 'host config', key: 'sandbox_mode' });
    expect(() => loadUserConfig({ file: text('x = [', 'host config') })).toThrow(TomlSyntaxError);
  });

  it('is empty with no options', () => {
    expect(loadUserConfig({}).get('anything')).toBeUndefined();
    // Only own keys count: nothing inherited from Object.prototype is a setting.
    expect(loadUserConfig({}).get('constructor')).toBeUndefined();
    expect(loadUserConfig({ overrides: ['a.b=1'] }).get('a.toString')).toBeUndefined();
    expect(
      new UserConfig([{ layer: 'host', source: 'h', keyPrefix: '', table: { x: 1 } }]).get('hasOwnProperty'),
    ).toBeUndefined();
    expect(UserConfig.empty().layers).toEqual([]);
  });
});

describe('loadUserConfig: profiles', () => {
  const file = text(
    [
      'approval_policy = "never"',
      'sandbox_mode = "read-only"',
      '[profiles.work]',
      'approval_policy = "on-request"',
      '[profiles.home]',
      'approval_policy = "untrusted"',
    ].join('\n'),
  );

  it('selects the profile the host names', () => {
    const config = loadUserConfig({ file, profile: 'work' });
    expect(config.get('approval_policy')).toEqual({
      value: 'on-request',
      origin: { layer: 'profile', source: 'config.toml', key: 'profiles.work.approval_policy' },
    });
    // Keys the profile leaves unset come from the top level.
    expect(config.get('sandbox_mode')?.origin).toEqual({ layer: 'config', source: 'config.toml', key: 'sandbox_mode' });
  });

  it('lets the option choose another profile', () => {
    const config = loadUserConfig({ file, profile: 'home' });
    expect(config.get('approval_policy')?.value).toBe('untrusted');
    expect(config.get('approval_policy')?.origin.key).toBe('profiles.home.approval_policy');
  });

  it('uses no profile when none is named', () => {
    const config = loadUserConfig({
      file: text('approval_policy = "never"\n[profiles.work]\napproval_policy = "on-request"'),
    });
    expect(config.get('approval_policy')?.value).toBe('never');
    expect(config.layers.map((l) => l.layer)).toEqual(['config']);
  });

  it('throws for a missing profile with a did-you-mean', () => {
    const error = caught(() => loadUserConfig({ file, profile: 'wrk' }));
    expect(error).toBeInstanceOf(MissingKeyError);
    expect(error.code).toBe('RATCHET_MISSING_KEY');
    expect(error.key).toBe('profiles.wrk');
    expect(error.source).toBe('config.toml');
    expect(error.suggestion).toBe('did you mean "work"?');
    expect(error.message).toContain('profile "wrk" is not defined');
  });

  it('suggests adding the table when there are no profiles', () => {
    const error = caught(() => loadUserConfig({ file: text(''), profile: 'ci' }));
    expect(error).toBeInstanceOf(MissingKeyError);
    expect(error.suggestion).toBe('add a [profiles.ci] table');
  });

  it('refuses the legacy profile key, in the file and as -c profile=NAME, as Codex 0.171 does', () => {
    const inFile = caught(() => loadUserConfig({ file: text('profile = "work"\n[profiles.work]\nmodel = "m"') }));
    expect(inFile).toBeInstanceOf(InvalidValueError);
    expect(inFile.key).toBe('profile');
    expect(inFile.source).toBe('config.toml');
    expect(inFile.message).toContain('legacy `profile = "work"` config is no longer supported');
    expect(inFile.suggestion).toBe('remove profile from the file and select the profile with --profile work');
    // Even when the host selects a profile too: the file still carries the key Codex refuses.
    expect(() => loadUserConfig({ file: text('profile = "work"'), profile: 'work' })).toThrow(InvalidValueError);
    const override = caught(() =>
      loadUserConfig({ file: text('[profiles.p]\nmodel = "m"'), overrides: ['profile=p'] }),
    );
    expect(override.source).toBe('-c');
    expect(override.message).toContain('legacy `profile = "p"`');
    expect(caught(() => loadUserConfig({ file: text('profile = 3') })).message).toContain(
      'expected a profile name (a string), found integer',
    );
  });

  it('does not take an inherited property for a profile', () => {
    const error = caught(() => loadUserConfig({ file: text('approval_policy = "never"'), profile: 'constructor' }));
    expect(error).toBeInstanceOf(MissingKeyError);
    expect(error.suggestion).toBe('add a [profiles.constructor] table');
  });
});

describe('parseOverride', () => {
  it('parses the value as TOML', () => {
    expect(parseOverride('x=[1,2]')).toEqual({ key: 'x', value: [1, 2] });
    expect(parseOverride('a.b=true')).toEqual({ key: 'a.b', value: true });
    expect(parseOverride('approval_policy="on-request"')).toEqual({ key: 'approval_policy', value: 'on-request' });
    expect(parseOverride(' n = 3 ')).toEqual({ key: 'n', value: 3 });
    expect(parseOverride('t={ k = "v" }')).toEqual({ key: 't', value: { k: 'v' } });
  });

  it('falls back to the plain string', () => {
    expect(parseOverride('approval_policy=on-request')).toEqual({ key: 'approval_policy', value: 'on-request' });
    expect(parseOverride('model=hello world')).toEqual({ key: 'model', value: 'hello world' });
    expect(parseOverride('x=')).toEqual({ key: 'x', value: '' });
    expect(parseOverride('url=a=b')).toEqual({ key: 'url', value: 'a=b' });
  });

  it('rejects input that is not key=value', () => {
    expect(parseOverride('novalue')).toBeUndefined();
    expect(parseOverride('=1')).toBeUndefined();
    expect(parseOverride('bad key=1')).toBeUndefined();
    expect(parseOverride('a..b=1')).toBeUndefined();
  });
});

describe('loadUserConfig: -c overrides', () => {
  it('sets values above the file; the profile still beats a root key, as in Codex', () => {
    const config = loadUserConfig({
      file: text('approval_policy = "never"\nsandbox_mode = "read-only"\n[profiles.p]\napproval_policy = "untrusted"'),
      profile: 'p',
      overrides: ['approval_policy=on-request', 'sandbox_mode=workspace-write', 'x=[1,2]', 'a.b=true'],
    });
    expect(config.get('approval_policy')).toEqual({
      value: 'untrusted',
      origin: { layer: 'profile', source: 'config.toml', key: 'profiles.p.approval_policy' },
    });
    expect(config.get('sandbox_mode')).toEqual({
      value: 'workspace-write',
      origin: { layer: 'override', source: '-c', key: 'sandbox_mode' },
    });
    expect(config.get('x')?.value).toEqual([1, 2]);
    expect(config.get('a.b')).toEqual({ value: true, origin: { layer: 'override', source: '-c', key: 'a.b' } });
    expect(config.get('a')?.value).toEqual({ b: true });
  });

  it("-c profiles.NAME.KEY adds to the selected profile, above the file's", () => {
    const file = text(
      'approval_policy = "never"\n[profiles.p]\napproval_policy = "untrusted"\nsandbox_mode = "read-only"',
    );
    const selected = loadUserConfig({ file, profile: 'p' });
    expect(selected.get('approval_policy')?.value).toBe('untrusted');
    const added = loadUserConfig({ file, profile: 'p', overrides: ['profiles.p.approval_policy=on-request'] });
    expect(added.get('approval_policy')).toEqual({
      value: 'on-request',
      origin: { layer: 'override', source: '-c', key: 'profiles.p.approval_policy' },
    });
    expect(added.get('sandbox_mode')?.origin.layer).toBe('profile');
    const onlyOverrides = loadUserConfig({
      file: text(''),
      profile: 'q',
      overrides: ['profiles.q.approval_policy=never'],
    });
    expect(onlyOverrides.get('approval_policy')?.value).toBe('never');
    expect(caught(() => loadUserConfig({ file: text(''), profile: 'missing' })).message).toContain(
      'profile "missing" is not defined',
    );
  });

  it('lets the last override win', () => {
    const config = loadUserConfig({ overrides: ['approval_policy=never', 'approval_policy="untrusted"'] });
    expect(config.get('approval_policy')?.value).toBe('untrusted');
  });

  it('merges dotted overrides into one table and lets a later scalar replace it', () => {
    const merged = loadUserConfig({ overrides: ['features.a=true', 'features.b=false'] });
    expect(merged.get('features')?.value).toEqual({ a: true, b: false });
    const replaced = loadUserConfig({ overrides: ['features.a=true', 'features=1'] });
    expect(replaced.get('features')?.value).toBe(1);
    expect(replaced.get('features.a')).toBeUndefined();
  });

  it('throws on a malformed override, naming it', () => {
    const error = caught(() => loadUserConfig({ overrides: ['novalue'] }));
    expect(error).toBeInstanceOf(InvalidValueError);
    expect(error.source).toBe('-c');
    expect(error.key).toBe('novalue');
    expect(error.message).toContain('key=value');
  });

  it('treats __proto__ in an override key as an ordinary key (no prototype pollution)', () => {
    try {
      const config = loadUserConfig({ overrides: ['__proto__.polluted=yes'] });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(config.get('polluted')).toBeUndefined();
      expect(config.get('__proto__.polluted')?.value).toBe('yes');
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });

  it('adds no override layer without overrides', () => {
    expect(loadUserConfig({ overrides: [] }).layers.map((l) => l.layer)).toEqual(['config']);
  });
});

describe('loadUserConfig: managed config', () => {
  it('sits above every root key (-c ones included) but below the profile, as in Codex', () => {
    const config = loadUserConfig({
      file: text(
        'approval_policy = "never"\nsandbox_mode = "read-only"\nmodel = "m"\n[profiles.p]\napproval_policy = "untrusted"',
      ),
      profile: 'p',
      overrides: ['approval_policy=on-failure', 'sandbox_mode=danger-full-access'],
      managedConfigs: [
        {
          table: { approval_policy: 'on-request', sandbox_mode: 'workspace-write' },
          source: '/etc/codex/managed_config.toml',
        },
      ],
    });
    expect(config.layers.map((l) => l.layer)).toEqual(['profile', 'managed-config', 'override', 'config']);
    expect(config.get('approval_policy')?.origin).toEqual({
      layer: 'profile',
      source: 'config.toml',
      key: 'profiles.p.approval_policy',
    });
    expect(config.get('sandbox_mode')).toEqual({
      value: 'workspace-write',
      origin: { layer: 'managed-config', source: '/etc/codex/managed_config.toml', key: 'sandbox_mode' },
    });
    expect(config.get('model')?.origin.layer).toBe('config');
  });

  it('tables a host reads beside the file sit just below it', () => {
    const config = loadUserConfig({
      file: text('a = 1\n'),
      besideFile: [{ table: { a: 2, b: 3 }, source: 'hooks.json' }],
    });
    expect(config.layers.map((l) => [l.layer, l.source])).toEqual([
      ['config', 'config.toml'],
      ['config', 'hooks.json'],
    ]);
    expect(config.get('a')?.value).toBe(1);
    expect(config.get('b')?.origin.source).toBe('hooks.json');
  });

  it('several managed configs (MDM, then the file) apply highest first', () => {
    const config = loadUserConfig({
      file: text('sandbox_mode = "read-only"'),
      managedConfigs: [
        { table: { approval_policy: 'never' }, source: 'MDM managed_config.toml (legacy)' },
        {
          table: { approval_policy: 'on-request', sandbox_mode: 'workspace-write' },
          source: '/etc/codex/managed_config.toml',
        },
      ],
    });
    expect(config.get('approval_policy')?.origin.source).toBe('MDM managed_config.toml (legacy)');
    expect(config.get('sandbox_mode')).toMatchObject({
      value: 'workspace-write',
      origin: { source: '/etc/codex/managed_config.toml' },
    });
  });
});
