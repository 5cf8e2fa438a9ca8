import { describe, expect, it } from 'vitest';
import { loadUserConfig } from '../config/user-config.js';
import { ProviderSetupError, UnknownValueError, type InputError } from '../diagnostics/errors.js';
import {
  COLOR,
  colorProvider,
  COLORS_PROVIDER,
  layer,
  legacyColorProvider,
  type Color,
} from '../fake-provider.test-helper.js';
import { loadRequirements } from '../layering/requirements.js';
import type { AnyProvider } from '../provider/contract.js';
import { createProvider } from '../provider/create-provider.js';
import { providerKey, settingKey } from '../provider/keys.js';
import { orderProviders } from '../provider/order.js';
import type { LayerInput } from '../sources/source.js';
import { effectiveObject, Resolved } from './effective.js';
import { Policy } from './policy.js';

function policyFor(providers: AnyProvider[], inputs: LayerInput[]): Policy {
  const ordered = orderProviders(providers);
  return new Policy(
    ordered,
    loadRequirements(ordered, inputs, { mode: 'precedence', unknownKeys: 'warn', hostname: () => undefined }),
  );
}

const config = (text: string, profile?: string) =>
  loadUserConfig({ file: { text, name: 'config.toml' }, ...(profile !== undefined && { profile }) });

const SHADE_PROVIDER = providerKey<object, { shade: string }>('shade');
const SHADE = settingKey(SHADE_PROVIDER, 'shade');

/** A provider with one setting, `shade`, computed from the `color` owned by the colors provider. */
function shadeProvider(after: string[], allows: AnyProvider['allows'] = () => true): AnyProvider {
  return createProvider({
    key: SHADE_PROVIDER,
    docs: { summary: 's', description: 'd' },
    after,
    requirementKeys: [],
    fields: {},
    settings: { shade: { configKey: 'shade', docs: '', constrainedBy: [], parse: (raw) => String(raw) } },
    schema: {},
    parse: () => ({}),
    tighten: (a) => a,
    allows,
    resolve: (ctx) => ({ values: { shade: { value: `dark ${ctx.dependency(COLOR)}`, rule: 'from color' } } }),
    print: () => ({}),
  });
}

describe('Policy.resolve', () => {
  it('keeps an allowed requested value and records where it came from', () => {
    const policy = policyFor(
      [colorProvider()],
      [layer('cloud', { allowed_colors: ['green', 'blue'] }), layer('system', { allowed_colors: ['red'] })],
    );
    const resolved = policy.resolve(config('color = "blue"'));
    expect(resolved.entries.get('color')).toEqual({
      key: 'color',
      value: 'blue',
      provider: 'colors',
      requested: { value: 'blue', origin: { layer: 'config', source: 'config.toml', key: 'color' } },
      rule: 'requested value, allowed by allowed_colors',
      constraints: [{ field: 'allowed_colors', value: ['green', 'blue'], sources: ['cloud'] }],
    });
    expect(resolved.diagnostics).toEqual([]);
  });

  it('parses requested values with the setting spec (aliases mapped)', () => {
    const policy = policyFor([colorProvider()], []);
    const entry = policy.resolve(config('color = "rouge"')).entries.get('color')!;
    expect(entry.value).toBe('red');
    expect(entry.requested?.value).toBe('red');
    expect(entry.rule).toBe('requested value');
    expect(entry.constraints).toEqual([]);
  });

  it('uses the default, without a requested entry, when the user said nothing', () => {
    const entry = policyFor([colorProvider()], []).resolve(config('')).entries.get('color')!;
    expect(entry.value).toBe('red');
    expect(entry.rule).toBe('default value');
    expect(entry).not.toHaveProperty('requested');
  });

  it('throws an InputError for an invalid user value, naming file and key', () => {
    const policy = policyFor([colorProvider()], []);
    let error: InputError | undefined;
    try {
      policy.resolve(config('[profiles.p]\ncolor = "purpel"', 'p'));
    } catch (e) {
      error = e as InputError;
    }
    expect(error).toBeInstanceOf(UnknownValueError);
    expect(error!.diagnostic).toMatchObject({ source: 'config.toml', key: 'profiles.p.color', provider: 'colors' });
  });

  it('falls back with a warning for a disallowed explicit value', () => {
    const policy = policyFor([colorProvider()], [layer('mdm', { allowed_colors: ['green', 'blue'] })]);
    const resolved = policy.resolve(config('color = "red"'));
    const entry = resolved.entries.get('color')!;
    expect(entry.value).toBe('green');
    expect(entry.rule).toBe('fallback: first allowed color green');
    expect(entry.requested?.value).toBe('red');
    expect(resolved.diagnostics).toHaveLength(1);
    expect(resolved.diagnostics[0]).toMatchObject({
      kind: 'disallowed-value',
      severity: 'warning',
      key: 'color',
      source: 'config.toml',
    });
  });

  it('carries requirement loading diagnostics', () => {
    const policy = policyFor([colorProvider()], [layer('r', { allowed_colours: ['red'] })]);
    expect(policy.resolve(config('')).diagnostics.map((d) => d.kind)).toEqual(['unknown-key']);
  });

  it('gives a provider the values of the providers it runs after', () => {
    const policy = policyFor([shadeProvider(['colors']), colorProvider()], [layer('r', { allowed_colors: ['blue'] })]);
    const resolved = policy.resolve(config(''));
    expect([...resolved.entries.keys()]).toEqual(['color', 'shade']);
    expect(resolved.entries.get('shade')!.value).toBe('dark blue');
  });

  it('refuses a dependency the provider did not declare in after', () => {
    const policy = policyFor([colorProvider(), shadeProvider([])], []);
    expect(() => policy.resolve(config(''))).toThrow(ProviderSetupError);
    expect(() => policy.resolve(config(''))).toThrow(
      'provider "shade" reads "color" without declaring its owner "colors" in after',
    );
  });

  it('reads a key as undefined when its owner is absent and after names a provider that is not loaded', () => {
    const policy = policyFor([shadeProvider(['colors'])], []);
    expect(policy.resolve(config('')).entries.get('shade')!.value).toBe('dark undefined');
  });

  it('reads a key as undefined when its loaded owner produces no such key (a feature missing from a catalogue)', () => {
    const reader: AnyProvider = {
      ...shadeProvider(['colors']),
      resolve: (ctx) => ({
        values: { shade: { value: String(ctx.dependency({ name: 'ghost_key', owner: 'colors' })), rule: 'r' } },
      }),
    };
    expect(policyFor([reader, colorProvider()], []).resolve(config('')).entries.get('shade')!.value).toBe('undefined');
  });

  it('refuses a key whose owner is left out of after, even when after names a missing provider', () => {
    expect(() => policyFor([colorProvider(), shadeProvider(['ghost'])], []).resolve(config(''))).toThrow(
      'provider "shade" reads "color" without declaring its owner "colors" in after',
    );
  });

  it('refuses a value that another provider than the key names produced', () => {
    // An impostor takes the name "color" under its own id: reading COLOR (owned by "colors") through it is an error.
    const impostor = createProvider({
      key: providerKey<object, { color: string }>('paints'),
      docs: { summary: 'p', description: 'p' },
      requirementKeys: [],
      fields: {},
      settings: { color: { configKey: 'paint', docs: '', constrainedBy: [], parse: (raw) => String(raw) } },
      schema: {},
      parse: () => ({}),
      tighten: (a) => a,
      allows: () => true,
      resolve: () => ({ values: { color: { value: 'mauve', rule: 'r' } } }),
      print: () => ({}),
    });
    const reader = shadeProvider(['colors', 'paints']);
    expect(() => policyFor([impostor, reader], []).resolve(config(''))).toThrow(
      'provider "shade" reads "color" from "colors", but provider "paints" produced it',
    );
    const resolved = policyFor([impostor], []).resolve(config(''));
    expect(() => resolved.value(COLOR)).toThrow('"color" comes from provider "paints", not from "colors"');
  });

  it('checks constrained values against the dependencies it runs after', () => {
    // shade may not be "light" while the effective color is blue.
    const allows: AnyProvider['allows'] = (_r, v, dependency) =>
      (v as { shade?: string }).shade !== 'light' || dependency?.(COLOR) !== 'blue';
    const policy = policyFor(
      [shadeProvider(['colors'], allows), colorProvider()],
      [layer('r', { allowed_colors: ['blue'] })],
    );
    const shade = policy.constrained(SHADE, policy.resolve(config('')));
    expect(shade.canSet('dark').ok).toBe(true);
    expect(() => shade.set('light')).toThrow(
      'shade = "light" is refused by requirements given the effective values of colors',
    );
    const red = policyFor([shadeProvider(['colors'], allows), colorProvider()], []);
    expect(red.constrained(SHADE, red.resolve(config(''))).canSet('light').ok).toBe(true);
  });

  it('reads legacy keys when the config key is absent', () => {
    const provider = legacyColorProvider();
    const policy = policyFor([provider], []);
    expect(policy.resolve(config('old_colour = "verde"')).entries.get('color')!.requested).toEqual({
      value: 'green',
      origin: { layer: 'config', source: 'config.toml', key: 'old_colour' },
    });
    expect(policy.resolve(config('old_colour = "x"')).entries.get('color')!.requested).toBeUndefined();
    expect(policy.resolve(config('old_colour = "verde"\ncolor = "blue"')).entries.get('color')!.value).toBe('blue');
  });

  it('requirementOf is empty for a provider no layer constrained', () => {
    expect(policyFor([colorProvider()], []).requirementOf(providerKey('nobody'))).toEqual({ value: {}, origins: {} });
  });

  it('requirementOf and provider are typed by the provider key', () => {
    const policy = policyFor([colorProvider()], [layer('r', { allowed_colors: ['blue'] })]);
    const allowed: readonly Color[] | undefined = policy.requirementOf(COLORS_PROVIDER).value.allowed_colors;
    expect(allowed).toEqual(['blue']);
    expect(policy.provider(COLORS_PROVIDER)?.id).toBe('colors');
    expect(policy.provider(providerKey('nobody'))).toBeUndefined();
  });
});

describe('effectiveObject', () => {
  it('nests dotted keys, skips undefined values and makes tables plain', () => {
    const entry = (key: string, value: unknown) =>
      [key, { key, value, provider: 'p', rule: 'r', constraints: [] }] as const;
    const nullProto = Object.assign(Object.create(null), { a: 1 });
    const resolved = new Resolved(
      new Map([
        entry('approval_policy', 'never'),
        entry('features.web_search', true),
        entry('features.shell', false),
        entry('mcp_servers.docs.enabled', true),
        entry('unset', undefined),
        entry('table', nullProto),
      ]),
      [],
    );
    const out = effectiveObject(resolved);
    expect(out).toEqual({
      approval_policy: 'never',
      features: { web_search: true, shell: false },
      mcp_servers: { docs: { enabled: true } },
      table: { a: 1 },
    });
    expect(out).not.toHaveProperty('unset');
    expect(Object.getPrototypeOf(out.table)).toBe(Object.prototype);
  });
});
