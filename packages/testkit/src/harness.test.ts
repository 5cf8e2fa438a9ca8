import { describe, expect, it } from 'vitest';
import { createProvider, expectEnum, providerKey } from '@ratchet/core';
import { loadPolicy, userConfig } from './harness.js';

/** A provider with one list field and one setting, enough to see where layers and values come from. */
const colors = createProvider({
  key: providerKey<{ allowed?: readonly string[] }, { color: string }>('colors'),
  docs: { summary: 'colors', description: 'colors' },
  requirementKeys: ['allowed'],
  fields: { allowed: { docs: 'allowed colors' } },
  settings: {
    color: {
      configKey: 'color',
      docs: 'a color',
      constrainedBy: ['allowed'],
      parse: (raw, key, report) => expectEnum(raw, key, report, ['red', 'blue']),
    },
  },
  schema: {},
  parse: (slice) => (Array.isArray(slice.allowed) ? { allowed: slice.allowed as string[] } : {}),
  tighten: (a, b) => ({ ...a, ...b }),
  allows: () => true,
  resolve: ({ requested }) => ({ values: { color: { value: requested.color?.value ?? 'red', rule: 'requested' } } }),
  print: (r) => (r.allowed ? { allowed: [...r.allowed] } : {}),
});

const sourcesOf = async (layers: Parameters<typeof loadPolicy>[1]) =>
  (await loadPolicy([colors], layers)).requirements.layers.map((l) => l.source.label);

describe('loadPolicy and userConfig', () => {
  it('names one text req.toml, a list layer-0.toml, layer-1.toml, and keeps given labels', async () => {
    expect(await sourcesOf('allowed = ["red"]')).toEqual(['req.toml']);
    expect(await sourcesOf(['allowed = ["red"]', 'allowed = ["blue"]'])).toEqual(['layer-0.toml', 'layer-1.toml']);
    expect(await sourcesOf([{ text: 'allowed = ["red"]', label: 'high.toml' }])).toEqual(['high.toml']);
  });

  it('resolves config.toml text, with overrides, the way a host would', async () => {
    const policy = await loadPolicy([colors], 'allowed = ["red"]');
    const resolved = policy.resolve(userConfig('color = "red"', { overrides: ['color="blue"'] }));
    expect(resolved.entries.get('color')).toMatchObject({
      value: 'blue',
      requested: { origin: { layer: 'override', source: '-c' } },
    });
    expect(policy.resolve(userConfig('color = "red"')).entries.get('color')!.requested!.origin).toMatchObject({
      source: 'config.toml',
      key: 'color',
    });
  });
});
