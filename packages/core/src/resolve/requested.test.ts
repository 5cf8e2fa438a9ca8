import { describe, expect, it } from 'vitest';
import { loadUserConfig } from '../config/user-config.js';
import type { Diagnostic, Reporter } from '../diagnostics/diagnostic.js';
import { colorProvider } from '../fake-provider.test-helper.js';
import { loadRequirements } from '../layering/requirements.js';
import type { AnyProvider } from '../provider/contract.js';
import { createProvider } from '../provider/create-provider.js';
import { providerKey } from '../provider/keys.js';
import { expectBoolean } from '../shape/shape.js';
import { Policy } from './policy.js';
import { requestedSettings, requirementsKeysInConfig, unknownTableKeys } from './requested.js';

/**
 * The fake colors provider has no legacy keys and no config tables, so this provider has both: two settings in
 * a `[tools]` table, `tools.shell` (older spellings `tools.sh` and the top-level `use_shell`) and `tools.web`.
 */
function toolsProvider(): AnyProvider {
  const read = (raw: unknown, key: string, report: Reporter) => expectBoolean(raw, key, report);
  return createProvider({
    key: providerKey<object, { 'tools.shell': boolean; 'tools.web': boolean }>('tools'),
    docs: { summary: 's', description: 'd' },
    requirementKeys: [],
    fields: {},
    settings: {
      'tools.shell': {
        configKey: 'tools.shell',
        docs: '',
        constrainedBy: [],
        parse: read,
        legacyKeys: [
          { configKey: 'tools.sh', read },
          {
            configKey: 'use_shell',
            read: (raw) => (raw === 'yes' ? true : raw === 'no' ? false : undefined),
            replacement: 'use [tools].shell instead',
          },
        ],
      },
      'tools.web': { configKey: 'tools.web', docs: '', constrainedBy: [], parse: read },
    },
    configTables: ['tools'],
    schema: {},
    parse: () => ({}),
    tighten: (a) => a,
    allows: () => true,
    resolve: (ctx) => ({
      values: {
        'tools.shell': { value: ctx.requested['tools.shell']?.value ?? true, rule: 'r' },
        'tools.web': { value: ctx.requested['tools.web']?.value ?? false, rule: 'r' },
      },
    }),
    print: () => ({}),
  });
}

const config = (text: string, extra: { profile?: string; overrides?: string[] } = {}) =>
  loadUserConfig({ file: { text, name: 'config.toml' }, ...extra });

function requested(text: string, extra: { profile?: string; overrides?: string[] } = {}) {
  const diagnostics: Diagnostic[] = [];
  const values = requestedSettings(toolsProvider(), config(text, extra), diagnostics);
  return { values, diagnostics };
}

describe('requestedSettings', () => {
  it('reads the config key from the highest layer that has it', () => {
    const { values, diagnostics } = requested(
      '[tools]\nshell = true\nweb = true\n[profiles.p.tools]\nshell = false\n',
      {
        profile: 'p',
      },
    );
    expect(values).toEqual({
      'tools.shell': {
        value: false,
        origin: { layer: 'profile', source: 'config.toml', key: 'profiles.p.tools.shell' },
      },
      'tools.web': { value: true, origin: { layer: 'config', source: 'config.toml', key: 'tools.web' } },
    });
    expect(diagnostics).toEqual([]);
  });

  it('lets a legacy key supply the value when the config key is absent, with a deprecated-key warning', () => {
    const { values, diagnostics } = requested('[tools]\nsh = false\n');
    expect(values['tools.shell']).toEqual({
      value: false,
      origin: { layer: 'config', source: 'config.toml', key: 'tools.sh' },
    });
    expect(diagnostics).toEqual([
      {
        kind: 'deprecated-key',
        severity: 'warning',
        source: 'config.toml',
        key: 'tools.sh',
        message: '"tools.sh" is deprecated',
        suggestion: 'write tools.shell instead',
        provider: 'tools',
      },
    ]);
  });

  it("uses a legacy key's own replacement text and reader", () => {
    const { values, diagnostics } = requested('use_shell = "no"\n');
    expect(values['tools.shell']?.value).toBe(false);
    expect(diagnostics).toMatchObject([
      { kind: 'deprecated-key', key: 'use_shell', suggestion: 'use [tools].shell instead' },
    ]);
    // A legacy value the reader skips is still warned about, and supplies nothing.
    const skipped = requested('use_shell = "maybe"\n');
    expect(skipped.values).toEqual({});
    expect(skipped.diagnostics.map((d) => d.kind)).toEqual(['deprecated-key']);
  });

  it('ignores a legacy key when the config key is also set, but still warns about it', () => {
    const { values, diagnostics } = requested('[tools]\nshell = true\nsh = false\n');
    expect(values['tools.shell']).toEqual({
      value: true,
      origin: { layer: 'config', source: 'config.toml', key: 'tools.shell' },
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ kind: 'deprecated-key', severity: 'warning', key: 'tools.sh' });
    expect(diagnostics[0]!.message).toBe('"tools.sh" is deprecated and ignored: tools.shell is set in config.toml');
  });

  it('lets the highest layer that spells the setting decide, a legacy key in the profile beating the config key below', () => {
    const { values, diagnostics } = requested('[tools]\nshell = true\n[profiles.p.tools]\nsh = false\n', {
      profile: 'p',
    });
    expect(values['tools.shell']).toMatchObject({ value: false, origin: { key: 'profiles.p.tools.sh' } });
    expect(diagnostics).toMatchObject([
      { kind: 'deprecated-key', key: 'profiles.p.tools.sh', message: '"profiles.p.tools.sh" is deprecated' },
    ]);
  });

  it('within one layer the config key beats a legacy key', () => {
    const { values, diagnostics } = requested('[tools]\nshell = true\nsh = false\n');
    expect(values['tools.shell']).toMatchObject({ value: true, origin: { key: 'tools.shell' } });
    expect(diagnostics).toMatchObject([
      { kind: 'deprecated-key', key: 'tools.sh', message: expect.stringContaining('ignored') },
    ]);
  });

  it('takes the first legacy key found and warns that a later one is ignored', () => {
    const { values, diagnostics } = requested('use_shell = "yes"\n[tools]\nsh = false\n');
    expect(values['tools.shell']).toMatchObject({ value: false, origin: { key: 'tools.sh' } });
    expect(diagnostics.map((d) => [d.key, d.message])).toEqual([
      ['tools.sh', '"tools.sh" is deprecated'],
      ['use_shell', '"use_shell" is deprecated and ignored: tools.sh is set in config.toml'],
    ]);
  });

  it('reports a bad legacy value as an error, and a bad value for an ignored legacy key not at all', () => {
    const bad = requested('[tools]\nsh = "nope"\n');
    expect(bad.values).toEqual({});
    expect(bad.diagnostics.map((d) => [d.severity, d.kind, d.key])).toEqual([
      ['warning', 'deprecated-key', 'tools.sh'],
      ['error', 'invalid-type', 'tools.sh'],
    ]);
    const ignored = requested('[tools]\nshell = false\nsh = "nope"\n');
    expect(ignored.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('feeds legacy values and their warnings through Policy.resolve', () => {
    const provider = toolsProvider();
    const policy = new Policy(
      [provider],
      loadRequirements([provider], [], { mode: 'precedence', unknownKeys: 'warn', hostname: () => undefined }),
    );
    const resolved = policy.resolve(config('[tools]\nsh = false\n'));
    expect(resolved.entries.get('tools.shell')).toMatchObject({
      value: false,
      requested: { origin: { key: 'tools.sh' } },
    });
    expect(resolved.diagnostics.map((d) => [d.kind, d.key])).toEqual([['deprecated-key', 'tools.sh']]);
  });
});

describe('unknownTableKeys', () => {
  const warnings = (text: string, extra: { profile?: string; overrides?: string[] } = {}) =>
    unknownTableKeys(toolsProvider(), config(text, extra));

  it('warns about a key in a config table that no setting reads, with a did-you-mean suggestion', () => {
    expect(warnings('[tools]\nshel = true\nweb = true\nsh = true\n')).toEqual([
      {
        kind: 'unknown-key',
        severity: 'warning',
        source: 'config.toml',
        key: 'tools.shel',
        message: 'unknown key "shel" in [tools]: it has no effect',
        suggestion: 'did you mean "tools.shell"?',
        provider: 'tools',
      },
    ]);
  });

  it('suggests removing a key close to nothing known', () => {
    expect(warnings('[tools]\nzzzzzzzzzz = 1\n')).toMatchObject([{ key: 'tools.zzzzzzzzzz', suggestion: 'remove it' }]);
  });

  it('warns in every layer, prefixing profile keys with profiles.<p>.', () => {
    const found = warnings(
      '[tools]\nwbe = true\n[profiles.p.tools]\nshelll = true\n[profiles.q.tools]\nignored = 1\n',
      {
        profile: 'p',
        overrides: ['tools.sheel=true'],
      },
    );
    expect(found.map((d) => [d.source, d.key, d.suggestion])).toEqual([
      ['config.toml', 'profiles.p.tools.shelll', 'did you mean "tools.shell"?'],
      ['-c', 'tools.sheel', 'did you mean "tools.shell"?'],
      ['config.toml', 'tools.wbe', 'did you mean "tools.web"?'],
    ]);
    expect(found.every((d) => d.kind === 'unknown-key' && d.severity === 'warning')).toBe(true);
  });

  it('skips a config table that is absent or not a table, and providers without config tables', () => {
    expect(warnings('')).toEqual([]);
    expect(warnings('tools = 1\n')).toEqual([]);
    expect(warnings('[other]\nshel = 1\n')).toEqual([]);
    expect(unknownTableKeys(colorProvider(), config('colour = "red"\n[tools]\nx = 1\n'))).toEqual([]);
  });

  it('is reported by Policy.resolve as warnings', () => {
    const provider = toolsProvider();
    const policy = new Policy(
      [provider],
      loadRequirements([provider], [], { mode: 'precedence', unknownKeys: 'warn', hostname: () => undefined }),
    );
    const resolved = policy.resolve(config('[profiles.w.tools]\nwebb = true\n', { profile: 'w' }));
    expect(resolved.diagnostics).toMatchObject([
      { kind: 'unknown-key', key: 'profiles.w.tools.webb', suggestion: 'did you mean "tools.web"?' },
    ]);
  });
});

describe('requirementsKeysInConfig', () => {
  const warnings = (text: string, extra: { profile?: string; overrides?: string[] } = {}) =>
    requirementsKeysInConfig([colorProvider(), toolsProvider()], config(text, extra));

  it('warns about a requirements key written in config.toml, in every layer that has it', () => {
    expect(
      warnings('banned_words = ["x"]\n[profiles.p]\nallowed_colors = ["red"]\n', { profile: 'p' }).map((d) => [
        d.kind,
        d.key,
        d.message,
      ]),
    ).toEqual([
      [
        'not-enforced',
        'profiles.p.allowed_colors',
        'allowed_colors is a requirements.toml key: config.toml cannot set it, so it is ignored',
      ],
      [
        'not-enforced',
        'banned_words',
        'banned_words is a requirements.toml key: config.toml cannot set it, so it is ignored',
      ],
    ]);
  });

  it('says nothing of the keys settings read, nor of a config without requirements keys', () => {
    expect(warnings('[tools]\nshell = true\n')).toEqual([]);
  });
});
