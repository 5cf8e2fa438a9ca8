import { describe, expect, it } from 'vitest';
import {
  ConstraintRefusedError,
  createProvider,
  ProviderSetupError,
  type AnyProvider,
  providerKey,
} from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';

import { managedFeatures } from './managed.js';
import { featuresProvider } from './provider.js';

/** A managed feature set under `requirements` (req.toml) starting from `config` (config.toml). */
async function managed(requirements: string, config = '', providers: AnyProvider[] = [featuresProvider()]) {
  const policy = await loadPolicy(providers, requirements);
  const resolved = policy.resolve(userConfig(config));
  return { handle: managedFeatures(policy, resolved), resolved, policy };
}

/** The ConstraintRefusedError `fn` throws. */
function refusal(fn: () => unknown): ConstraintRefusedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConstraintRefusedError);
    return error as ConstraintRefusedError;
  }
  throw new Error('expected a ConstraintRefusedError');
}

describe('managedFeatures', () => {
  it('starts at the full effective map', async () => {
    const { handle, resolved } = await managed(
      '[features]\nfast_mode = true\n',
      '[features]\nhooks = false\nmemories = true\n',
    );
    const keys = featuresProvider().catalogue.keys;
    expect(Object.keys(handle.value)).toEqual(keys);
    for (const key of keys) expect(handle.value[key]).toBe(resolved.entries.get(`features.${key}`)!.value);
    expect(handle.value).toMatchObject({ fast_mode: true, hooks: false, memories: true });
  });

  it('normalizes a value a pin decides back to the pin, as Codex does', async () => {
    const { handle } = await managed('[features]\nfast_mode = true\n');
    const next = handle.set({ ...handle.value, fast_mode: false, hooks: false });
    expect(next).toMatchObject({ fast_mode: true, hooks: false });
    expect(handle.value).toEqual(next);
  });

  it('refuses a set in which a pin cannot hold, naming the pin and req.toml, and keeps the old value', async () => {
    const { handle } = await managed('[features]\ncode_mode = false\n');
    const before = handle.value;
    const error = refusal(() => handle.set({ ...before, code_mode_only: true }));
    expect(error.message).toContain('`code_mode=true` is not in the allowed set [code_mode=false]');
    expect(error.message).toContain('(set by req.toml)');
    expect(error.message).toContain('code_mode_only requires code_mode');
    expect(error).toMatchObject({ key: 'features', field: 'features.code_mode', sources: ['req.toml'] });
    expect(handle.value).toBe(before);
    expect(handle.value).toMatchObject({ code_mode: false, code_mode_only: false });
  });

  it('canSet reports the same refusal without changing anything', async () => {
    const { handle } = await managed('[features]\ncode_mode = false\n');
    const before = handle.value;
    const result = handle.canSet({ ...before, code_mode_only: true });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.field).toBe('features.code_mode');
    expect(handle.value).toBe(before);
  });

  it('refuses an unknown key', async () => {
    const { handle } = await managed('');
    const result = handle.canSet({ ...handle.value, not_a_real_feature: true });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ConstraintRefusedError);
      expect(result.error.message).toContain('no loaded feature is named "not_a_real_feature"');
      expect(result.error.field).toBe('features.not_a_real_feature');
    }
    // An alias is not a canonical key either.
    expect(handle.canSet({ ...handle.value, collab: false }).ok).toBe(false);
  });

  it('turns prerequisites on when there are no pins', async () => {
    const { handle } = await managed('');
    expect(handle.value).toMatchObject({ code_mode: false, code_mode_only: false });
    const next = handle.set({ ...handle.value, code_mode_only: true });
    expect(next).toMatchObject({ code_mode: true, code_mode_only: true });
  });

  it('fills missing keys from the defaults', async () => {
    const { handle } = await managed('[features]\nhooks = false\n', '[features]\nfast_mode = false\n');
    const next = handle.set({ memories: true });
    const defaults = featuresProvider().catalogue.defaults();
    expect(next).toEqual({ ...defaults, memories: true, hooks: false });
  });

  it('accepts a pin-compatible set that turns an unpinned prerequisite on', async () => {
    const { handle } = await managed('[features]\ncode_mode_only = false\n');
    expect(handle.set({ ...handle.value, code_mode: true })).toMatchObject({ code_mode: true, code_mode_only: false });
  });

  it('needs the features provider to be loaded', async () => {
    const policy = await loadPolicy([]);
    const resolved = policy.resolve(userConfig());
    expect(() => managedFeatures(policy, resolved)).toThrow(ProviderSetupError);
    expect(() => managedFeatures(policy, resolved)).toThrow('managedFeatures needs the features provider to be loaded');
  });

  it('refuses a provider that merely takes the id "features"', async () => {
    const impostor = createProvider({
      key: providerKey<Record<string, never>, { other: boolean }>('features'),
      docs: { summary: 'not the features provider', description: 'no catalogue' },
      requirementKeys: [],
      fields: {},
      settings: { other: { configKey: 'other', docs: 'x', constrainedBy: [], parse: (raw) => raw === true } },
      schema: {},
      parse: () => ({}),
      tighten: (a) => a,
      allows: () => true,
      resolve: () => ({ values: { other: { value: false, rule: 'fixed', constrainedBy: [] } } }),
      print: () => ({}),
    });
    const policy = await loadPolicy([impostor]);
    expect(() => managedFeatures(policy, policy.resolve(userConfig()))).toThrow(ProviderSetupError);
  });
});
