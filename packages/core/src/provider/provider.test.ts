import { describe, expect, it } from 'vitest';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { ProviderSetupError } from '../diagnostics/errors.js';
import type { AnyProvider } from './contract.js';
import { createProvider } from './create-provider.js';
import { providerKey } from './keys.js';
import { orderProviders } from './order.js';

/** A minimal provider owning `keys` (requirement keys) and running after `after`. */
function stub(
  id: string,
  options: { after?: string[]; keys?: string[]; settings?: string[]; outputs?: string[] } = {},
): AnyProvider {
  const settings = Object.fromEntries(
    (options.settings ?? []).map((name) => [
      name,
      { configKey: name, docs: '', constrainedBy: [], parse: (raw: unknown) => raw },
    ]),
  );
  return createProvider({
    key: providerKey<Record<string, unknown>, Record<string, unknown>>(id),
    docs: { summary: id, description: id },
    after: options.after ?? [],
    outputs: options.outputs ?? [],
    requirementKeys: options.keys ?? [`${id}_key`],
    fields: {},
    settings,
    schema: {},
    parse: () => ({}),
    tighten: (a) => a,
    allows: () => true,
    resolve: () => ({ values: {} }),
    print: () => ({}),
  });
}

const ids = (providers: readonly AnyProvider[]) => providers.map((p) => p.id);

function setupError(fn: () => unknown): ProviderSetupError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderSetupError);
    expect((error as ProviderSetupError).code).toBe('RATCHET_PROVIDER_SETUP');
    return error as ProviderSetupError;
  }
  throw new Error('expected a ProviderSetupError');
}

describe('orderProviders', () => {
  it('keeps the given order when nothing depends on anything', () => {
    expect(ids(orderProviders([stub('c'), stub('a'), stub('b')]))).toEqual(['c', 'a', 'b']);
  });

  it('puts each provider after the ones it declared', () => {
    const ordered = orderProviders([stub('web-search', { after: ['sandbox'] }), stub('approvals'), stub('sandbox')]);
    expect(ids(ordered)).toEqual(['sandbox', 'web-search', 'approvals']);
  });

  it('handles chains and keeps ties in the given order', () => {
    const ordered = orderProviders([
      stub('d', { after: ['c'] }),
      stub('x'),
      stub('c', { after: ['a', 'b'] }),
      stub('b'),
      stub('a'),
    ]);
    expect(ids(ordered)).toEqual(['a', 'b', 'c', 'd', 'x']);
  });

  it('returns a new array and leaves the input alone', () => {
    const input = [stub('b', { after: ['a'] }), stub('a')];
    const ordered = orderProviders(input);
    expect(ids(input)).toEqual(['b', 'a']);
    expect(ordered).not.toBe(input);
  });

  it('rejects a duplicate id', () => {
    const e = setupError(() => orderProviders([stub('a', { keys: ['k1'] }), stub('a', { keys: ['k2'] })]));
    expect(e.message).toBe('two providers share the id "a"');
  });

  it('rejects two providers owning one requirement key', () => {
    const e = setupError(() => orderProviders([stub('a', { keys: ['shared'] }), stub('b', { keys: ['shared'] })]));
    expect(e.message).toBe('providers "a" and "b" both own the key "shared"');
  });

  it('rejects two providers owning one setting or output key', () => {
    setupError(() => orderProviders([stub('a', { settings: ['color'] }), stub('b', { settings: ['color'] })]));
    setupError(() => orderProviders([stub('a', { settings: ['web_search'] }), stub('b', { outputs: ['web_search'] })]));
  });

  it('skips an after naming a provider that is not loaded (an optional dependency), still ordering the loaded ones', () => {
    expect(orderProviders([stub('a', { after: ['ghost'] })]).map((p) => p.id)).toEqual(['a']);
    expect(orderProviders([stub('b', { after: ['ghost', 'a'] }), stub('a')]).map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('rejects a cycle and names it', () => {
    const e = setupError(() =>
      orderProviders([stub('a', { after: ['b'] }), stub('b', { after: ['c'] }), stub('c', { after: ['a'] })]),
    );
    expect(e.message).toBe('providers depend on each other in a cycle: a -> b -> c -> a');
  });

  it('rejects a provider depending on itself', () => {
    const e = setupError(() => orderProviders([stub('a', { after: ['a'] })]));
    expect(e.message).toContain('cycle: a -> a');
  });
});

describe('createProvider', () => {
  const base = {
    docs: { summary: 's', description: 'd' },
    requirementKeys: ['k'],
    fields: {},
    settings: {},
    schema: {},
    parse: () => ({}),
    tighten: (a: object) => a,
    allows: () => true,
    resolve: () => ({ values: {} }),
    print: () => ({}),
  };

  it.each(['Approvals', 'web_search', 'web--search', '-web', 'web-', '1st', 'a b', ''])(
    'rejects the non-kebab id %j',
    (id) => {
      const e = setupError(() => createProvider({ ...base, key: providerKey(id) }));
      expect(e.message).toBe(`provider id "${id}" must be kebab-case`);
    },
  );

  it.each(['a', 'web-search', 'mcp2', 'command-rules-v2'])('accepts the kebab id %j', (id) => {
    expect(createProvider({ ...base, key: providerKey(id) }).id).toBe(id);
  });

  it('rejects a provider that owns nothing', () => {
    const e = setupError(() => createProvider({ ...base, key: providerKey('empty'), requirementKeys: [] }));
    expect(e.message).toContain('owns no requirement key and no setting');
  });

  it('fills neutral defaults and freezes the result', () => {
    const p = createProvider({ ...base, key: providerKey('x') });
    expect(p.after).toEqual([]);
    expect(p.outputs).toEqual([]);
    const value = { a: 1 };
    expect(p.normalize(value)).toBe(value);
    const bag = new DiagnosticBag();
    expect(p.fromManagedConfig({ approval_policy: 'never' }, bag.report)).toEqual({});
    p.validate({ value: {}, origins: {} }, bag.report);
    expect(bag.items).toEqual([]);
    expect(Object.isFrozen(p)).toBe(true);
  });

  it('keeps members the definition gives', () => {
    const normalize = (v: object) => ({ ...v, n: true });
    const p = createProvider({ ...base, key: providerKey('y'), after: ['z'], outputs: ['out'], normalize });
    expect(p.after).toEqual(['z']);
    expect(p.outputs).toEqual(['out']);
    expect(p.normalize({})).toEqual({ n: true });
  });
});
