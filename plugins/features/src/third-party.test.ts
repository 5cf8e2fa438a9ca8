import { describe, expect, it } from 'vitest';
import {
  checkConfigWrite,
  ConflictError,
  InputError,
  ProviderSetupError,
  UserConfig,
  type Policy,
} from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { codexFeatures } from './catalogue/codex.js';
import { defineFeatures } from './catalogue/spec.js';
import { managedFeatures } from './managed.js';
import { featuresProvider } from './provider.js';

/** A third-party plugin's features: a dependent feature with an alias, and its prerequisite. */
const acme = defineFeatures('acme-plugin', [
  { key: 'acme_turbo', default: false, stage: 'experimental', requires: ['acme_base'], aliases: ['turbo'] },
  { key: 'acme_base', default: false, stage: 'stable' },
]);

/** Each assertion runs over a built-in pair and the third-party pair, so the two are shown to behave alike. */
const PAIRS = [
  { source: 'codex', dependent: 'code_mode_only', base: 'code_mode' },
  { source: 'acme-plugin', dependent: 'acme_turbo', base: 'acme_base' },
] as const;
const ALIASES = [
  { alias: 'connectors', canonical: 'apps' },
  { alias: 'turbo', canonical: 'acme_turbo' },
] as const;

/** A third-party message with the built-in names put back: it must then read exactly like the built-in one. */
const asBuiltIn = (text: string) =>
  text.replaceAll('acme_turbo', 'code_mode_only').replaceAll('acme_base', 'code_mode');

const policyWith = (requirements: string): Promise<Policy> =>
  loadPolicy([featuresProvider({ contributions: [codexFeatures(), acme] })], {
    text: requirements,
    label: 'requirements.toml',
  });

const config = (text: string) => userConfig(text);

function caught(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

async function rejection(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
  return error;
}

describe('a third-party feature behaves like a built-in one', () => {
  it('is registered with its contributor named in the setting docs', () => {
    const provider = featuresProvider({ contributions: [codexFeatures(), acme] });
    expect(provider.catalogue.get('acme_turbo')?.source).toBe('acme-plugin');
    for (const { source, dependent, base } of PAIRS) {
      expect(provider.settings[`features.${dependent}`]?.docs).toContain(`from ${source}`);
      expect(provider.catalogue.prerequisites(dependent)).toEqual([base]);
      expect(provider.fields).toHaveProperty([`features.${base}`]);
    }
  });

  it('stops loading when a pin turns the prerequisite off and the user turns the dependent on', async () => {
    const messages: string[] = [];
    for (const { dependent, base } of PAIRS) {
      const policy = await policyWith(`[features]\n${base} = false\n`);
      const error = caught(() => policy.resolve(config(`[features]\n${dependent} = true\n`)));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.diagnostic).toMatchObject({
        kind: 'conflict',
        key: `features.${base}`,
        source: 'requirements.toml',
        provider: 'features',
      });
      expect(error.message).toContain(`${dependent}=true (features.${dependent}) requires ${base}`);
      messages.push(error.diagnostic.message);
    }
    expect(asBuiltIn(messages[1]!)).toBe(messages[0]);
  });

  it('stops loading when the pins themselves cannot hold together', async () => {
    const messages: string[] = [];
    for (const { dependent, base } of PAIRS) {
      const error = await rejection(policyWith(`[features]\n${dependent} = true\n${base} = false\n`));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.diagnostic).toMatchObject({ key: `features.${base}` });
      expect(error.message).toContain(`the pin ${dependent}=true requires ${base}`);
      messages.push(error.diagnostic.message);
    }
    // Pins are listed in catalogue order, which differs between the pairs (acme declares the dependent first).
    const sortedSets = (text: string) =>
      text.replace(/\[([^\]]*)\]/g, (_, inner: string) => `[${inner.split(', ').sort().join(', ')}]`);
    expect(sortedSets(asBuiltIn(messages[1]!))).toBe(sortedSets(messages[0]!));
  });

  it('turns the prerequisite on when the dependent is pinned on, over the user', async () => {
    for (const { dependent, base } of PAIRS) {
      const policy = await policyWith(`[features]\n${dependent} = true\n`);
      const resolved = policy.resolve(config(`[features]\n${base} = false\n`));
      expect(resolved.entries.get(`features.${dependent}`)).toMatchObject({
        value: true,
        rule: 'pinned to true by requirements',
      });
      expect(resolved.entries.get(`features.${base}`)).toMatchObject({
        value: true,
        rule: `turned on: ${dependent} requires it`,
        constraints: [{ field: `features.${dependent}`, value: true, sources: ['requirements.toml'] }],
      });
      expect(resolved.diagnostics).toMatchObject([
        { kind: 'normalized-value', severity: 'warning', key: `features.${base}` },
      ]);
      expect(policy.resolve(UserConfig.empty()).entries.get(`features.${base}`)?.value).toBe(true);
    }
  });

  it('overrides a user value against a pin with a warning', async () => {
    const messages: string[] = [];
    for (const { dependent } of PAIRS) {
      const policy = await policyWith(`[features]\n${dependent} = false\n`);
      const resolved = policy.resolve(config(`[features]\n${dependent} = true\n`));
      expect(resolved.entries.get(`features.${dependent}`)?.value).toBe(false);
      expect(resolved.diagnostics).toMatchObject([
        { kind: 'disallowed-value', severity: 'warning', key: `features.${dependent}` },
      ]);
      messages.push(resolved.diagnostics[0]!.message);
    }
    expect(asBuiltIn(messages[1]!)).toBe(messages[0]);
  });

  it('applies an alias pin in requirements to its canonical feature, with a warning naming it', async () => {
    const messages: string[] = [];
    for (const { alias, canonical } of ALIASES) {
      const policy = await policyWith(`[features]\n${alias} = true\n`);
      const resolved = policy.resolve(config(`[features]\n${canonical} = false\n`));
      expect(resolved.entries.get(`features.${canonical}`)?.value).toBe(true);
      const warning = resolved.diagnostics.find((d) => d.key === `features.${alias}`);
      expect(warning).toMatchObject({
        kind: 'deprecated-key',
        severity: 'warning',
        suggestion: `write ${canonical} = true`,
      });
      messages.push(warning!.message);
    }
    expect(messages[1]!.replaceAll('acme_turbo', 'apps').replaceAll('turbo', 'connectors')).toBe(messages[0]);
  });

  it('reads an alias in config with a deprecation warning', async () => {
    const policy = await policyWith('');
    for (const { alias, canonical } of ALIASES) {
      const resolved = policy.resolve(config(`[features]\n${alias} = true\n`));
      expect(resolved.entries.get(`features.${canonical}`)).toMatchObject({
        value: true,
        requested: { value: true, origin: { layer: 'config', key: `features.${alias}` } },
      });
      expect(resolved.diagnostics).toMatchObject([
        {
          kind: 'deprecated-key',
          severity: 'warning',
          key: `features.${alias}`,
          suggestion: `use [features].${canonical} instead`,
        },
      ]);
    }
  });

  it('refuses a config write against a pin with the same message shape', async () => {
    const messages: string[] = [];
    for (const { dependent } of PAIRS) {
      const policy = await policyWith(`[features]\n${dependent} = true\n`);
      const result = checkConfigWrite(policy, { table: {}, name: 'config.toml' }, [
        { key: `features.${dependent}`, value: false },
      ]);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.problems).toMatchObject([
        { kind: 'disallowed-value', severity: 'error', key: `features.${dependent}` },
      ]);
      expect(result.problems[0]!.message).toContain(`features.${dependent} = true (set by requirements.toml)`);
      messages.push(result.problems[0]!.message);
      const agreeing = checkConfigWrite(policy, { table: {}, name: 'config.toml' }, [
        { key: `features.${dependent}`, value: true },
      ]);
      expect(agreeing).toEqual({ ok: true });
    }
    expect(asBuiltIn(messages[1]!)).toBe(messages[0]);
  });

  it('is normalized by the managedFeatures handle', async () => {
    const free = await policyWith('');
    for (const { dependent, base } of PAIRS) {
      const handle = managedFeatures(free, free.resolve(UserConfig.empty()));
      expect(handle.value[base]).toBe(false);
      const set = handle.set({ ...handle.value, [dependent]: true });
      expect(set[dependent]).toBe(true);
      expect(set[base]).toBe(true);
    }
    const messages: string[] = [];
    for (const { dependent, base } of PAIRS) {
      const pinned = await policyWith(`[features]\n${base} = false\n`);
      const handle = managedFeatures(pinned, pinned.resolve(UserConfig.empty()));
      const before = handle.value;
      const verdict = handle.canSet({ ...handle.value, [dependent]: true });
      expect(verdict.ok).toBe(false);
      if (verdict.ok) continue;
      expect(verdict.error).toMatchObject({ field: `features.${base}`, sources: ['requirements.toml'] });
      expect(verdict.error.message).toContain(`${dependent} requires ${base}`);
      expect(() => handle.set({ ...handle.value, [dependent]: true })).toThrow(verdict.error.message);
      expect(handle.value).toBe(before);
      messages.push(verdict.error.message);
    }
    expect(asBuiltIn(messages[1]!)).toBe(messages[0]);
  });

  it('refuses two contributions of one key, naming both contributors', () => {
    const clash = defineFeatures('acme-plugin', [{ key: 'fast_mode', default: false, stage: 'stable' }]);
    expect(() => featuresProvider({ contributions: [codexFeatures(), clash] })).toThrow(ProviderSetupError);
    expect(() => featuresProvider({ contributions: [codexFeatures(), clash] })).toThrow(
      'feature "fast_mode" is contributed twice: by codex and by acme-plugin',
    );
    const alias = defineFeatures('acme-plugin', [
      { key: 'acme_x', default: false, stage: 'stable', aliases: ['collab'] },
    ]);
    expect(() => featuresProvider({ contributions: [codexFeatures(), alias] })).toThrow(
      /"features\.collab".*\(acme-plugin\).*\(codex\)/,
    );
  });
});
