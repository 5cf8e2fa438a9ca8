import { describe, expect, it } from 'vitest';
import { ProviderSetupError } from '@ratchet/core';
import { FeatureCatalogue } from './catalogue.js';
import { CODEX_FEATURES_VERSION, codexFeatures } from './codex.js';
import { defineFeatures, type FeatureSpec } from './spec.js';

const spec = (key: string, extra: Partial<FeatureSpec> = {}): FeatureSpec => ({
  key,
  default: false,
  stage: 'stable',
  ...extra,
});

/** The error `from` throws for `contributions`, asserting it is a ProviderSetupError. */
function setupError(...contributions: Parameters<typeof FeatureCatalogue.from>[0]): ProviderSetupError {
  try {
    FeatureCatalogue.from(contributions);
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderSetupError);
    return error as ProviderSetupError;
  }
  throw new Error('FeatureCatalogue.from did not throw');
}

describe('the Codex catalogue', () => {
  const catalogue = FeatureCatalogue.from([codexFeatures('linux')]);

  it('loads every feature of Codex 0.171 from the data file, keys in registry order', () => {
    const keys = catalogue.keys;
    expect(CODEX_FEATURES_VERSION).toBe('codex-cli 0.171.0');
    expect(keys.length + catalogue.inert.length).toBe(224);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.slice(0, 3)).toEqual(['analytics_plan_history', 'cli_resume_account_check', 'daemon_auto_start']);
    expect(catalogue.inert.map((e) => e.key)).toEqual(['guardianv2.thread_context']);
    expect(catalogue.entries.every((e) => e.source === 'codex')).toBe(true);
  });

  it('has the defaults 0.171 changed', () => {
    expect(catalogue.defaults()).toMatchObject({
      auth_elicitation: true,
      sleep_tool: true,
      remote_plugin: true,
      personality: false,
      memories: false,
      multi_agent: true,
    });
    expect(catalogue.get('personality')).toMatchObject({ stage: 'removed', ignoresUserValue: true });
    expect(catalogue.get('worktrees')).toMatchObject({
      ignoresUserValue: true,
      ignoredPinReason: 'availability no longer depends on this feature flag',
    });
  });

  it('maps older spellings to canonical keys', () => {
    expect(catalogue.aliasOf('collab')).toBe('multi_agent');
    expect(catalogue.aliasOf('codex_hooks')).toBe('hooks');
    expect(catalogue.aliasOf('connectors')).toBe('apps');
    expect(catalogue.aliasOf('multi_agent')).toBeUndefined();
    expect(catalogue.aliasOf('not_a_feature')).toBeUndefined();
  });

  it('knows the one name requirements accept besides canonical keys', () => {
    expect(catalogue.pinAliasOf('auto_review')).toBe('guardian_approval');
    expect(catalogue.pinAliasOf('collab')).toBeUndefined();
    expect(catalogue.pinAliasOf('guardian_approval')).toBeUndefined();
  });

  it('knows the prerequisites', () => {
    expect(catalogue.prerequisites('code_mode_only')).toEqual(['code_mode']);
    expect(catalogue.prerequisites('enable_fanout')).toEqual([]);
    expect(catalogue.dependents).toEqual(['code_mode_only']);
    expect(catalogue.prerequisites('code_mode')).toEqual([]);
    expect(catalogue.prerequisites('no_such_feature')).toEqual([]);
  });

  it('gives defaults per feature', () => {
    const defaults = catalogue.defaults();
    expect(Object.keys(defaults)).toEqual(catalogue.keys);
    expect(defaults).toMatchObject({ fast_mode: true, code_mode: false, code_mode_only: false, hooks: true });
    expect(catalogue.get('fast_mode')).toMatchObject({
      key: 'fast_mode',
      default: true,
      stage: 'stable',
      source: 'codex',
    });
    expect(catalogue.get('collab')).toBeUndefined();
  });

  it('picks platform-dependent defaults', () => {
    const windows = FeatureCatalogue.from([codexFeatures('win32')]).defaults();
    const linux = FeatureCatalogue.from([codexFeatures('linux')]).defaults();
    expect({ unified_exec: windows.unified_exec, secret_auth_storage: windows.secret_auth_storage }).toEqual({
      unified_exec: false,
      secret_auth_storage: true,
    });
    expect({ unified_exec: linux.unified_exec, secret_auth_storage: linux.secret_auth_storage }).toEqual({
      unified_exec: true,
      secret_auth_storage: false,
    });
  });
});

describe('catalogues from several contributions', () => {
  it('keeps contribution order and tags each entry with its source', () => {
    const catalogue = FeatureCatalogue.from([
      defineFeatures('alpha', [spec('z'), spec('y')]),
      defineFeatures('beta', [spec('a', { requires: ['z'] })]),
    ]);
    expect(catalogue.keys).toEqual(['z', 'y', 'a']);
    expect(catalogue.get('a')?.source).toBe('beta');
    expect(catalogue.prerequisites('a')).toEqual(['z']);
  });

  it('follows prerequisites transitively, in catalogue order', () => {
    const catalogue = FeatureCatalogue.from([
      defineFeatures('acme', [spec('c'), spec('a', { requires: ['b'] }), spec('b', { requires: ['c'] })]),
    ]);
    expect(catalogue.prerequisites('a')).toEqual(['c', 'b']);
    expect(catalogue.prerequisites('b')).toEqual(['c']);
    expect(catalogue.prerequisites('c')).toEqual([]);
  });

  it('accepts a cycle: each needs the other, never itself', () => {
    const catalogue = FeatureCatalogue.from([
      defineFeatures('acme', [spec('a', { requires: ['b'] }), spec('b', { requires: ['a'] })]),
    ]);
    expect(catalogue.prerequisites('a')).toEqual(['b']);
    expect(catalogue.prerequisites('b')).toEqual(['a']);
  });

  it('lets a third party depend on a built-in feature', () => {
    const catalogue = FeatureCatalogue.from([
      codexFeatures('linux'),
      defineFeatures('acme', [spec('acme_only', { requires: ['code_mode_only'] })]),
    ]);
    expect(catalogue.prerequisites('acme_only')).toEqual(['code_mode', 'code_mode_only']);
  });
});

describe('invalid catalogues', () => {
  it('names both contributors of a key contributed twice', () => {
    const error = setupError(codexFeatures('linux'), defineFeatures('acme', [spec('fast_mode')]));
    expect(error.message).toContain('"fast_mode" is contributed twice');
    expect(error.message).toContain('by codex and by acme');
  });

  it('refuses an alias that is another feature key', () => {
    const error = setupError(
      codexFeatures('linux'),
      defineFeatures('acme', [spec('acme_flag', { aliases: ['fast_mode'] })]),
    );
    expect(error.message).toContain(
      '"features.fast_mode", an older spelling of "acme_flag" (acme), is already taken by the feature "fast_mode" itself (codex)',
    );
  });

  it('refuses an alias equal to its own key', () => {
    const error = setupError(defineFeatures('acme', [spec('same', { aliases: ['same'] })]));
    expect(error.message).toContain(
      '"features.same", an older spelling of "same" (acme), is already taken by the feature "same" itself (acme)',
    );
  });

  it("refuses an alias that is another feature's alias", () => {
    const error = setupError(
      codexFeatures('linux'),
      defineFeatures('acme', [spec('acme_flag', { aliases: ['collab'] })]),
    );
    expect(error.message).toContain(
      '"features.collab", an older spelling of "acme_flag" (acme), is already taken by "multi_agent" (codex)',
    );
  });

  it('refuses a legacy toggle that another feature already uses', () => {
    const error = setupError(
      codexFeatures('linux'),
      defineFeatures('acme', [spec('acme_exec', { legacyToggles: ['experimental_use_unified_exec_tool'] })]),
    );
    expect(error.message).toContain('already taken by "unified_exec" (codex)');
  });

  it("refuses a requirements name that is a feature key or another feature's requirements name", () => {
    const taken = setupError(
      codexFeatures('linux'),
      defineFeatures('acme', [spec('acme_flag', { pinAliases: ['fast_mode'] })]),
    );
    expect(taken.message).toContain(
      '"fast_mode", a requirements name of "acme_flag" (acme), is already taken by the feature "fast_mode" itself (codex)',
    );
    const twice = setupError(
      codexFeatures('linux'),
      defineFeatures('acme', [spec('acme_flag', { pinAliases: ['auto_review'] })]),
    );
    expect(twice.message).toContain(
      '"auto_review", a requirements name of "acme_flag" (acme), is already taken by "guardian_approval" (codex)',
    );
  });

  it('accepts a requirements name that is also a user alias of the same feature', () => {
    const catalogue = FeatureCatalogue.from([
      defineFeatures('acme', [spec('acme_flag', { aliases: ['old_flag'], pinAliases: ['old_flag'] })]),
    ]);
    expect(catalogue.pinAliasOf('old_flag')).toBe('acme_flag');
    expect(catalogue.aliasOf('old_flag')).toBe('acme_flag');
  });

  it('refuses a prerequisite no contribution declares', () => {
    const error = setupError(defineFeatures('acme', [spec('a', { requires: ['ghost'] })]));
    expect(error.message).toContain('feature "a" (acme) requires "ghost", which no contribution declares');
  });

  it('refuses a feature with prerequisites that defaults to true', () => {
    const error = setupError(defineFeatures('acme', [spec('base'), spec('a', { requires: ['base'], default: true })]));
    expect(error.message).toContain('feature "a" (acme) has prerequisites, so it must default to false');
  });

  it('accepts a dotted key only inside a table-form feature, and keeps it inert', () => {
    const catalogue = FeatureCatalogue.from([
      defineFeatures('acme', [spec('box', { tableForm: true }), spec('box.inner')]),
    ]);
    expect(catalogue.keys).toEqual(['box']);
    expect(catalogue.get('box.inner')?.key).toBe('box.inner');
    expect(setupError(defineFeatures('acme', [spec('box'), spec('box.inner')])).message).toContain('"box.inner"');
  });

  it.each(['has.dot', 'has space', '', 'ümlaut'])('refuses the key %j, which is not a bare TOML key', (key) => {
    const error = setupError(defineFeatures('acme', [spec(key)]));
    expect(error.message).toContain(`feature "${key}" (acme) is not a bare TOML key`);
  });

  it('lists every problem in one error', () => {
    const error = setupError(
      codexFeatures('linux'),
      defineFeatures('acme', [
        spec('fast_mode'),
        spec('bad.key'),
        spec('a', { requires: ['ghost'] }),
        spec('b', { requires: ['a'], default: true }),
        spec('c', { aliases: ['codex_hooks'] }),
      ]),
    );
    expect(error.message.startsWith('invalid feature catalogue: ')).toBe(true);
    for (const part of [
      'contributed twice',
      'not a bare TOML key',
      '"ghost"',
      'must default to false',
      '"features.codex_hooks"',
    ]) {
      expect(error.message).toContain(part);
    }
    expect(error.message.split('; ')).toHaveLength(5);
  });
});
