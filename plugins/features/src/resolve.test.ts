import { describe, expect, it } from 'vitest';
import { effectiveObject, InputError, type Resolved } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { FeatureCatalogue } from './catalogue/catalogue.js';
import { codexFeatures } from './catalogue/codex.js';
import { featuresProvider } from './provider.js';

const defaults = FeatureCatalogue.from([codexFeatures()]).defaults();

/** Loads `requirements` (as req.toml) and resolves `config` (as config.toml) with the features provider only. */
async function resolve(requirements: string, config: string, options: { overrides?: string[]; profile?: string } = {}): Promise<Resolved> {
  return (await loadPolicy([featuresProvider()], requirements)).resolve(userConfig(config, options));
}

const features = (resolved: Resolved) => effectiveObject(resolved).features as Record<string, boolean>;
const warnings = (resolved: Resolved) => resolved.diagnostics.filter((d) => d.severity === 'warning');

/** The InputError resolving throws. */
async function inputError(requirements: string, config: string): Promise<InputError> {
  const error = await resolve(requirements, config).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('features end to end: pins and user values', () => {
  it('with nothing set every feature is at its default', async () => {
    const resolved = await resolve('', '');
    expect(features(resolved)).toEqual(defaults);
    expect(resolved.diagnostics).toEqual([]);
  });

  it('a pin overrides an explicit user value, with a warning naming the requirement source', async () => {
    const resolved = await resolve('[features]\npersonality = true\n', '[features]\npersonality = false\nhooks = false\n');
    expect(features(resolved)).toMatchObject({ personality: true, hooks: false });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'disallowed-value', key: 'features.personality', source: 'config.toml', provider: 'features', message: 'pinned to true by req.toml' }),
    ]);
  });

  it('unpinned keys stay with the user', async () => {
    const resolved = await resolve('[features]\npersonality = true\n', '[features]\nhooks = false\nmemories = true\n');
    expect(features(resolved)).toEqual({ ...defaults, hooks: false, memories: true, personality: true });
    expect(resolved.entries.get('features.hooks')?.rule).toBe('requested value');
    expect(resolved.entries.get('features.memories')?.constraints).toEqual([]);
  });

  it('no warning when the user agrees with the pin', async () => {
    const resolved = await resolve('[features]\npersonality = false\n', '[features]\npersonality = false\n');
    expect(features(resolved).personality).toBe(false);
    expect(resolved.diagnostics).toEqual([]);
  });

  it('a pin applies even when the user sets nothing, silently', async () => {
    const resolved = await resolve('[feature_requirements]\nhooks = false\n', '');
    expect(features(resolved).hooks).toBe(false);
    expect(resolved.diagnostics).toEqual([]);
  });

  it('records provenance: the pin, its source and the rule', async () => {
    const resolved = await resolve('[features]\npersonality = true\n', '[features]\npersonality = false\n');
    const entry = resolved.entries.get('features.personality')!;
    expect(entry).toMatchObject({ value: true, provider: 'features' });
    expect(entry.rule).toContain('pinned');
    expect(entry.constraints).toEqual([{ field: 'features.personality', value: true, sources: ['req.toml'] }]);
    expect(entry.requested).toMatchObject({ value: false, origin: { source: 'config.toml', key: 'features.personality' } });
  });
});

describe('features end to end: how users spell values', () => {
  it('a legacy alias is honoured, with a deprecation warning', async () => {
    const resolved = await resolve('', '[features]\ncollab = false\n');
    expect(features(resolved).multi_agent).toBe(false);
    expect(features(resolved)).not.toHaveProperty('collab');
    expect(warnings(resolved)).toEqual([diagnosticLike({ kind: 'deprecated-key', key: 'features.collab', suggestion: 'multi_agent' })]);
  });

  it('a legacy alias is ignored, still warned about, when the canonical key is set', async () => {
    const resolved = await resolve('', '[features]\ncollab = false\nmulti_agent = true\n');
    expect(features(resolved).multi_agent).toBe(true);
    expect(warnings(resolved)).toEqual([diagnosticLike({ kind: 'deprecated-key', key: 'features.collab', message: 'ignored', suggestion: 'multi_agent' })]);
  });

  it('an unknown key warns, suggesting a near miss', async () => {
    const resolved = await resolve('', '[features]\nnot_a_real_feature = true\npersonalty = false\n');
    expect(features(resolved)).toEqual(defaults);
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'unknown-key', key: 'features.not_a_real_feature', source: 'config.toml', message: 'no effect' }),
      diagnosticLike({ kind: 'unknown-key', key: 'features.personalty', suggestion: 'did you mean "features.personality"?' }),
    ]);
  });

  it('table form: [features.code_mode] enabled = true counts as true', async () => {
    const resolved = await resolve('', '[features.code_mode]\nenabled = true\n');
    expect(features(resolved).code_mode).toBe(true);
    expect(resolved.diagnostics).toEqual([]);
  });

  it('table form without enabled leaves the default', async () => {
    const resolved = await resolve('', '[features.code_mode]\nsomething_else = 1\n');
    expect(features(resolved).code_mode).toBe(false);
  });

  it('a non-boolean user value is an input error', async () => {
    const error = await inputError('', '[features]\npersonality = "yes"\n');
    expect(error.diagnostic).toMatchObject({ kind: 'invalid-type', key: 'features.personality', source: 'config.toml' });
  });

  it('the top-level legacy toggle sets unified_exec', async () => {
    const resolved = await resolve('', 'experimental_use_unified_exec_tool = false\n');
    expect(features(resolved).unified_exec).toBe(false);
    expect(warnings(resolved)).toEqual([diagnosticLike({ kind: 'deprecated-key', key: 'experimental_use_unified_exec_tool', suggestion: 'unified_exec' })]);
  });

  it('profile keys merge per key with the top level; -c overrides beat both', async () => {
    const config = [
      'profile = "work"',
      '[features]',
      'personality = false',
      'hooks = false',
      'memories = true',
      '[profiles.work.features]',
      'personality = true',
      'fast_mode = false',
    ].join('\n');
    const fromProfile = features(await resolve('', config));
    expect(fromProfile).toMatchObject({ personality: true, hooks: false, memories: true, fast_mode: false });

    const overridden = await resolve('', config, { overrides: ['features.personality=false', 'features.memories=false'] });
    expect(features(overridden)).toMatchObject({ personality: false, hooks: false, memories: false, fast_mode: false });
    expect(overridden.entries.get('features.personality')?.requested?.origin).toMatchObject({ layer: 'override', source: '-c' });
    expect(overridden.entries.get('features.fast_mode')?.requested?.origin).toMatchObject({ layer: 'profile', key: 'profiles.work.features.fast_mode' });
  });

  it('an explicit profile option picks the profile table', async () => {
    const config = '[features]\nhooks = true\n[profiles.strict.features]\nhooks = false\n';
    expect(features(await resolve('', config)).hooks).toBe(true);
    expect(features(await resolve('', config, { profile: 'strict' })).hooks).toBe(false);
  });
});

describe('features end to end: dependencies', () => {
  it('a pin that cannot hold against the user is an input error naming the pin and req.toml', async () => {
    const error = await inputError('[features]\ncode_mode = false\n', '[features]\ncode_mode_only = true\n');
    expect(error.diagnostic).toMatchObject({ kind: 'conflict', severity: 'error', key: 'features.code_mode' });
    expect(error.message).toContain('[code_mode=false]');
    expect(error.message).toContain('req.toml');
    expect(error.message).toContain('code_mode_only=true (features.code_mode_only) requires code_mode');
  });

  it('pins that cannot hold together stop loading', async () => {
    const error = await loadPolicy([featuresProvider()], '[features]\ncode_mode = false\ncode_mode_only = true\n').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('[code_mode=false, code_mode_only=true]');
  });

  it('a user value switched on by normalization warns', async () => {
    const resolved = await resolve('', '[features]\ncode_mode = false\ncode_mode_only = true\n');
    expect(features(resolved)).toMatchObject({ code_mode: true, code_mode_only: true });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'normalized-value', key: 'features.code_mode', source: 'config.toml', message: 'code_mode_only = true requires it' }),
    ]);
    expect(resolved.entries.get('features.code_mode')?.rule).toBe('turned on: code_mode_only requires it');
  });

  it('a prerequisite turned on by a pinned feature is traced to that pin', async () => {
    const resolved = await resolve('[features]\ncode_mode_only = true\n', '');
    expect(features(resolved)).toMatchObject({ code_mode: true, code_mode_only: true });
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.entries.get('features.code_mode')?.constraints).toEqual([{ field: 'features.code_mode_only', value: true, sources: ['req.toml'] }]);
  });

  it('normalization is sticky: a pin switching the dependent off leaves the prerequisite on', async () => {
    const resolved = await resolve('[features]\ncode_mode_only = false\n', '[features]\ncode_mode = false\ncode_mode_only = true\n');
    expect(features(resolved)).toMatchObject({ code_mode: true, code_mode_only: false });
    expect(warnings(resolved).map((d) => [d.kind, d.key])).toEqual([
      ['normalized-value', 'features.code_mode'],
      ['disallowed-value', 'features.code_mode_only'],
    ]);
  });
});

describe('features end to end: several requirement layers', () => {
  const load = (mode: 'precedence' | 'strict', high: string, low: string) =>
    loadPolicy([featuresProvider()], [{ text: high, label: 'high.toml' }, { text: low, label: 'low.toml' }], { mode });

  it('precedence: pins combine per key, the higher layer winning a key both set', async () => {
    const policy = await load('precedence', '[features]\npersonality = true\n', '[features]\npersonality = false\nhooks = false\n');
    const resolved = policy.resolve(userConfig());
    expect(features(resolved)).toMatchObject({ personality: true, hooks: false });
    expect(resolved.entries.get('features.hooks')?.constraints[0]?.sources).toEqual(['low.toml']);
  });

  it('strict: contradicting pins stop loading, naming both layers', async () => {
    const error = await load('strict', '[features]\npersonality = true\n', '[features]\npersonality = false\n').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostic).toMatchObject({ kind: 'conflict', key: 'features.personality' });
    expect((error as InputError).message).toContain('pinned both true and false (by high.toml, low.toml)');
  });

  it('a pair broken across layers names both', async () => {
    const error = await load('precedence', '[features]\ncode_mode = false\n', '[features]\ncode_mode_only = true\n').then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('(set by high.toml, low.toml)');
  });
});
