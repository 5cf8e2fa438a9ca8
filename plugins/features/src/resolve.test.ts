import { describe, expect, it } from 'vitest';
import { effectiveObject, InputError, type Resolved } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { FeatureCatalogue } from './catalogue/catalogue.js';
import { codexFeatures } from './catalogue/codex.js';
import { defineFeatures } from './catalogue/spec.js';
import { featuresProvider } from './provider.js';

const defaults = FeatureCatalogue.from([codexFeatures()]).defaults();
/** Codex's legacy toggles name features whose user value Codex 0.171 ignores; this one honours it. */
const toggled = defineFeatures('acme', [
  { key: 'acme_exec', default: true, stage: 'stable', legacyToggles: ['acme_use_exec_tool'] },
]);

/** Loads `requirements` (as req.toml) and resolves `config` (as config.toml) with the features provider only. */
async function resolve(
  requirements: string,
  config: string,
  options: { overrides?: string[]; profile?: string; acme?: boolean } = {},
): Promise<Resolved> {
  const provider = featuresProvider(options.acme ? { contributions: [codexFeatures(), toggled] } : {});
  return (await loadPolicy([provider], requirements)).resolve(userConfig(config, options));
}

const features = (resolved: Resolved) => effectiveObject(resolved).features as Record<string, boolean>;
const warnings = (resolved: Resolved) => resolved.diagnostics.filter((d) => d.severity === 'warning');

/** The InputError resolving throws. */
async function inputError(requirements: string, config: string): Promise<InputError> {
  const error = await resolve(requirements, config).then(
    () => undefined,
    (e: unknown) => e,
  );
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
    const resolved = await resolve('[features]\nfast_mode = true\n', '[features]\nfast_mode = false\nhooks = false\n');
    expect(features(resolved)).toMatchObject({ fast_mode: true, hooks: false });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({
        kind: 'disallowed-value',
        key: 'features.fast_mode',
        source: 'config.toml',
        provider: 'features',
        message: 'pinned to true by req.toml',
      }),
    ]);
  });

  it('unpinned keys stay with the user', async () => {
    const resolved = await resolve('[features]\nfast_mode = true\n', '[features]\nhooks = false\nmemories = true\n');
    expect(features(resolved)).toEqual({ ...defaults, hooks: false, memories: true, fast_mode: true });
    expect(resolved.entries.get('features.hooks')?.rule).toBe('requested value');
    expect(resolved.entries.get('features.memories')?.constraints).toEqual([]);
  });

  it('no warning when the user agrees with the pin', async () => {
    const resolved = await resolve('[features]\nfast_mode = false\n', '[features]\nfast_mode = false\n');
    expect(features(resolved).fast_mode).toBe(false);
    expect(resolved.diagnostics).toEqual([]);
  });

  it('a pin applies even when the user sets nothing, silently', async () => {
    const resolved = await resolve('[feature_requirements]\nhooks = false\n', '');
    expect(features(resolved).hooks).toBe(false);
    expect(resolved.diagnostics).toEqual([]);
  });

  it('records provenance: the pin, its source and the rule', async () => {
    const resolved = await resolve('[features]\nfast_mode = true\n', '[features]\nfast_mode = false\n');
    const entry = resolved.entries.get('features.fast_mode')!;
    expect(entry).toMatchObject({ value: true, provider: 'features' });
    expect(entry.rule).toContain('pinned');
    expect(entry.constraints).toEqual([{ field: 'features.fast_mode', value: true, sources: ['req.toml'] }]);
    expect(entry.requested).toMatchObject({
      value: false,
      origin: { source: 'config.toml', key: 'features.fast_mode' },
    });
  });
});

describe('features end to end: how users spell values', () => {
  it('a legacy alias is honoured, with a deprecation warning', async () => {
    const resolved = await resolve('', '[features]\ncollab = false\n');
    expect(features(resolved).multi_agent).toBe(false);
    expect(features(resolved)).not.toHaveProperty('collab');
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'deprecated-key', key: 'features.collab', suggestion: 'multi_agent' }),
    ]);
  });

  it('a legacy alias is ignored, still warned about, when the canonical key is set', async () => {
    const resolved = await resolve('', '[features]\nconnectors = false\napps = true\n');
    expect(features(resolved).apps).toBe(true);
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'deprecated-key', key: 'features.connectors', message: 'ignored', suggestion: 'apps' }),
    ]);
  });

  it('a user value for a deprecated feature is read, with a warning', async () => {
    const resolved = await resolve('', '[features]\nmulti_agent = false\n');
    expect(features(resolved).multi_agent).toBe(false);
    expect(warnings(resolved)).toEqual([
      diagnosticLike({
        kind: 'deprecated-key',
        key: 'features.multi_agent',
        message: '`[features].multi_agent` is deprecated',
      }),
    ]);
  });

  it('an unknown key warns, suggesting a near miss', async () => {
    const resolved = await resolve('', '[features]\nnot_a_real_feature = true\nfast_mod = false\n');
    expect(features(resolved)).toEqual(defaults);
    expect(warnings(resolved)).toEqual([
      diagnosticLike({
        kind: 'unknown-key',
        key: 'features.not_a_real_feature',
        source: 'config.toml',
        message: 'no effect',
      }),
      diagnosticLike({
        kind: 'unknown-key',
        key: 'features.fast_mod',
        suggestion: 'did you mean "features.fast_mode"?',
      }),
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
    const error = await inputError('', '[features]\nfast_mode = "yes"\n');
    expect(error.diagnostic).toMatchObject({
      kind: 'invalid-type',
      key: 'features.fast_mode',
      source: 'config.toml',
    });
  });

  it('a top-level legacy toggle sets its feature, with a deprecation warning', async () => {
    const resolved = await resolve('', 'acme_use_exec_tool = false\n', { acme: true });
    expect(features(resolved).acme_exec).toBe(false);
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'deprecated-key', key: 'acme_use_exec_tool', suggestion: 'acme_exec' }),
    ]);
  });

  it("Codex's toggle experimental_use_unified_exec_tool is read as unified_exec, whose user value Codex ignores", async () => {
    const resolved = await resolve('', 'experimental_use_unified_exec_tool = false\n');
    expect(features(resolved).unified_exec).toBe(true);
    expect(resolved.diagnostics).toEqual([
      diagnosticLike({ kind: 'deprecated-key', key: 'experimental_use_unified_exec_tool', suggestion: 'unified_exec' }),
      diagnosticLike({ kind: 'not-enforced', severity: 'info', key: 'features.unified_exec', message: 'is ignored' }),
    ]);
  });

  it('profile keys merge per key with the top level; -c beats the top level, -c profiles.<name> beats the profile', async () => {
    const config = [
      '[features]',
      'goals = false',
      'hooks = false',
      'memories = true',
      '[profiles.work.features]',
      'goals = true',
      'fast_mode = false',
    ].join('\n');
    const fromProfile = features(await resolve('', config, { profile: 'work' }));
    expect(fromProfile).toMatchObject({ goals: true, hooks: false, memories: true, fast_mode: false });

    const overridden = await resolve('', config, {
      profile: 'work',
      overrides: ['features.hooks=true', 'features.memories=false', 'profiles.work.features.fast_mode=true'],
    });
    expect(features(overridden)).toMatchObject({ goals: true, hooks: true, memories: false, fast_mode: true });
    expect(overridden.entries.get('features.hooks')?.requested?.origin).toMatchObject({
      layer: 'override',
      source: '-c',
    });
    expect(overridden.entries.get('features.goals')?.requested?.origin).toMatchObject({
      layer: 'profile',
      key: 'profiles.work.features.goals',
    });
    expect(overridden.entries.get('features.fast_mode')?.requested?.origin).toMatchObject({
      layer: 'override',
      key: 'profiles.work.features.fast_mode',
    });
  });

  it('an explicit profile option picks the profile table', async () => {
    const config = '[features]\nhooks = true\n[profiles.strict.features]\nhooks = false\n';
    expect(features(await resolve('', config)).hooks).toBe(true);
    expect(features(await resolve('', config, { profile: 'strict' })).hooks).toBe(false);
  });
});

describe('features end to end: the layer that spells a feature decides, whatever the spelling', () => {
  // A config with a [profiles.p] table; the profile is selected as a host selects it (--profile p).
  const profiled = (base: string, profile: string) => `${base}\n[profiles.p]\n${profile}\n`;
  const resolveProfiled = (requirements: string, config: string, options: Parameters<typeof resolve>[2] = {}) =>
    resolve(requirements, config, { profile: 'p', ...options });

  it('a profile alias beats a top-level canonical key', async () => {
    const resolved = await resolveProfiled(
      '',
      profiled('[features]\nmulti_agent = true', '[profiles.p.features]\ncollab = false'),
    );
    expect(features(resolved).multi_agent).toBe(false);
    expect(resolved.entries.get('features.multi_agent')).toMatchObject({
      rule: 'requested value',
      requested: { origin: { key: 'profiles.p.features.collab' } },
    });
  });

  it('a profile canonical key beats a top-level alias', async () => {
    const resolved = await resolveProfiled(
      '',
      profiled('[features]\ncollab = false', '[profiles.p.features]\nmulti_agent = true'),
    );
    expect(features(resolved).multi_agent).toBe(true);
    expect(resolved.entries.get('features.multi_agent')?.rule).toBe('requested value');
  });

  it('a legacy toggle in the profile beats the top-level [features]', async () => {
    const resolved = await resolveProfiled('', profiled('[features]\nacme_exec = false', 'acme_use_exec_tool = true'), {
      acme: true,
    });
    expect(features(resolved).acme_exec).toBe(true);
  });

  it('[features] beats a legacy toggle of the same scope, or of the top level when [features] is in the profile', async () => {
    expect(
      features(await resolve('', 'acme_use_exec_tool = false\n[features]\nacme_exec = true\n', { acme: true }))
        .acme_exec,
    ).toBe(true);
    expect(
      features(
        await resolveProfiled('', profiled('acme_use_exec_tool = true', '[profiles.p.features]\nacme_exec = false'), {
          acme: true,
        }),
      ).acme_exec,
    ).toBe(false);
    expect(
      features(
        await resolveProfiled('', profiled('', 'acme_use_exec_tool = false\n[profiles.p.features]\nacme_exec = true'), {
          acme: true,
        }),
      ).acme_exec,
    ).toBe(true);
  });

  it('within one table the canonical key beats an alias', async () => {
    expect(
      features(await resolveProfiled('', profiled('', '[profiles.p.features]\ncollab = false\nmulti_agent = true')))
        .multi_agent,
    ).toBe(true);
  });

  it('a -c alias beats a canonical key in the file', async () => {
    const resolved = await resolve('', '[features]\nmulti_agent = true\n', { overrides: ['features.collab=false'] });
    expect(features(resolved).multi_agent).toBe(false);
  });

  it('a pin still decides, and its warning names the spelling that asked', async () => {
    const resolved = await resolveProfiled(
      '[features]\nmulti_agent = true\n',
      profiled('[features]\nmulti_agent = true', '[profiles.p.features]\ncollab = false'),
    );
    expect(features(resolved).multi_agent).toBe(true);
    expect(warnings(resolved).find((d) => d.kind === 'disallowed-value')).toMatchObject({
      key: 'features.multi_agent',
      message: expect.stringContaining(
        '(profiles.p.features.collab in config.toml) is overridden: pinned to true by req.toml',
      ),
    });
  });

  it('web_search is read as web_search_request', async () => {
    const resolved = await resolve('', '[features]\nweb_search = true\n');
    expect(features(resolved).web_search_request).toBe(true);
    expect(warnings(resolved)).toEqual([
      diagnosticLike({ kind: 'deprecated-key', key: 'features.web_search', suggestion: 'web_search_request' }),
    ]);
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
    const error = await loadPolicy([featuresProvider()], '[features]\ncode_mode = false\ncode_mode_only = true\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('[code_mode=false, code_mode_only=true]');
  });

  it('a user value switched on by normalization warns', async () => {
    const resolved = await resolve('', '[features]\ncode_mode = false\ncode_mode_only = true\n');
    expect(features(resolved)).toMatchObject({ code_mode: true, code_mode_only: true });
    expect(warnings(resolved)).toEqual([
      diagnosticLike({
        kind: 'normalized-value',
        key: 'features.code_mode',
        source: 'config.toml',
        message: 'code_mode_only = true requires it',
      }),
    ]);
    expect(resolved.entries.get('features.code_mode')?.rule).toBe('turned on: code_mode_only requires it');
  });

  it('a prerequisite turned on by a pinned feature is traced to that pin', async () => {
    const resolved = await resolve('[features]\ncode_mode_only = true\n', '');
    expect(features(resolved)).toMatchObject({ code_mode: true, code_mode_only: true });
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.entries.get('features.code_mode')?.constraints).toEqual([
      { field: 'features.code_mode_only', value: true, sources: ['req.toml'] },
    ]);
  });

  it('normalization is sticky: a pin switching the dependent off leaves the prerequisite on', async () => {
    const resolved = await resolve(
      '[features]\ncode_mode_only = false\n',
      '[features]\ncode_mode = false\ncode_mode_only = true\n',
    );
    expect(features(resolved)).toMatchObject({ code_mode: true, code_mode_only: false });
    expect(warnings(resolved).map((d) => [d.kind, d.key])).toEqual([
      ['normalized-value', 'features.code_mode'],
      ['disallowed-value', 'features.code_mode_only'],
    ]);
  });
});

describe('features end to end: several requirement layers', () => {
  const load = (mode: 'precedence' | 'strict', ...layers: string[]) =>
    loadPolicy(
      [featuresProvider()],
      layers.map((text, i) => ({ text, label: ['high.toml', 'mid.toml', 'low.toml'][i]! })),
      { mode },
    );
  const sourcesOf = (resolved: Resolved, key: string) =>
    resolved.entries.get(`features.${key}`)?.constraints.map((c) => c.sources);

  it('precedence: the highest layer with a [features] table decides every pin; lower tables are ignored', async () => {
    const policy = await load(
      'precedence',
      '[features]\nfast_mode = true\nmemories = true\n',
      '[features]\nfast_mode = false\nhooks = false\n',
    );
    const resolved = policy.resolve(userConfig());
    expect(features(resolved)).toMatchObject({ fast_mode: true, memories: true, hooks: true });
    expect(sourcesOf(resolved, 'fast_mode')).toEqual([['high.toml']]);
    expect(sourcesOf(resolved, 'memories')).toEqual([['high.toml']]);
    expect(resolved.entries.get('features.hooks')).toMatchObject({ rule: 'default (stable)', constraints: [] });
  });

  it('precedence: an empty table in a higher layer unpins everything below it', async () => {
    const resolved = (await load('precedence', '[features]\n', '[features]\nhooks = false\n')).resolve(
      userConfig('[features]\nmemories = true\n'),
    );
    expect(features(resolved)).toEqual({ ...defaults, memories: true });
  });

  it('precedence: [feature_requirements] counts as the table, and a layer without one leaves the table to lower layers', async () => {
    const masked = (
      await load('precedence', '[feature_requirements]\nmemories = true\n', '[features]\nhooks = false\n')
    ).resolve(userConfig());
    expect(features(masked)).toMatchObject({ memories: true, hooks: true });
    const filled = (await load('precedence', '', '[features]\nhooks = false\n')).resolve(userConfig());
    expect(features(filled)).toMatchObject({ hooks: false });
    expect(sourcesOf(filled, 'hooks')).toEqual([['mid.toml']]);
  });

  it('precedence: the middle layer decides when the top has no table', async () => {
    const resolved = (
      await load('precedence', '', '[features]\nfast_mode = false\n', '[features]\nhooks = false\n')
    ).resolve(userConfig());
    expect(features(resolved)).toMatchObject({ fast_mode: false, hooks: true });
    expect(sourcesOf(resolved, 'fast_mode')).toEqual([['mid.toml']]);
  });

  it('precedence: pins of a masked layer are never checked', async () => {
    const policy = await load(
      'precedence',
      '[features]\nfast_mode = true\n',
      '[features]\ncode_mode = false\ncode_mode_only = true\n',
    );
    expect(features(policy.resolve(userConfig())).code_mode_only).toBe(false);
  });

  it('precedence: auto_review in the winning table pins guardian_approval', async () => {
    const resolved = (
      await load('precedence', '[features]\nauto_review = false\n', '[features]\nguardian_approval = true\n')
    ).resolve(userConfig());
    expect(features(resolved).guardian_approval).toBe(false);
    expect(sourcesOf(resolved, 'guardian_approval')).toEqual([['high.toml']]);
  });

  it('strict: pins of every layer hold together', async () => {
    const resolved = (await load('strict', '[features]\nfast_mode = true\n', '[features]\nhooks = false\n')).resolve(
      userConfig(),
    );
    expect(features(resolved)).toMatchObject({ fast_mode: true, hooks: false });
  });

  it('strict: contradicting pins stop loading, naming both layers', async () => {
    const error = await load('strict', '[features]\nfast_mode = true\n', '[features]\nfast_mode = false\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostic).toMatchObject({ kind: 'conflict', key: 'features.fast_mode' });
    expect((error as InputError).message).toContain('pinned both true and false (by high.toml, mid.toml)');
  });

  it('strict: a pair broken across layers names both', async () => {
    const error = await load('strict', '[features]\ncode_mode = false\n', '[features]\ncode_mode_only = true\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('(set by high.toml, mid.toml)');
  });
});

describe('features whose user value Codex ignores', () => {
  it('a user value is skipped with a notice, as Codex skips it; the default stays', async () => {
    const resolved = await resolve('', '[features]\nterminal_resize_reflow = false\nunified_exec = false\n');
    expect(features(resolved)).toMatchObject({ terminal_resize_reflow: true, unified_exec: true });
    expect(resolved.diagnostics).toEqual(
      ['features.unified_exec', 'features.terminal_resize_reflow'].map((key): unknown =>
        expect.objectContaining({ severity: 'info', key, message: expect.stringContaining('is ignored') }),
      ),
    );
  });

  it('a pin still decides such a feature', async () => {
    const resolved = await resolve('[features]\nunified_exec = false\n', '[features]\nunified_exec = true\n');
    expect(features(resolved).unified_exec).toBe(false);
  });

  it('a removed feature Codex still reads takes the user value', async () => {
    expect(features(await resolve('', '[features]\nsqlite = false\n')).sqlite).toBe(false);
  });
});

describe('a feature Codex enables only with its own settings (rollout_budget)', () => {
  it('refuses a bare true, and a table that enables it without one of those settings', async () => {
    for (const config of ['[features]\nrollout_budget = true\n', '[features.rollout_budget]\nenabled = true\n']) {
      const error = await inputError('', config);
      expect(error.message).toContain('features.rollout_budget requires limit_tokens or limit_budget when enabled');
    }
  });

  it('reads a table that carries its settings, and false', async () => {
    expect(
      features(await resolve('', '[features.rollout_budget]\nenabled = true\nlimit_tokens = 1000\n')).rollout_budget,
    ).toBe(true);
    expect(features(await resolve('', '[features]\nrollout_budget = false\n')).rollout_budget).toBe(false);
  });

  it('refuses a pin of true, as Codex refuses to start', async () => {
    const error = await resolve('[features]\nrollout_budget = true\n', '').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(String(error)).toContain('requires limit_tokens or limit_budget when enabled');
    expect(features(await resolve('[features]\nrollout_budget = false\n', '')).rollout_budget).toBe(false);
  });
});
