import { describe, expect, it } from 'vitest';
import { loadUserConfig } from '../config/user-config.js';
import { InvalidTypeError, ProviderSetupError, TomlSyntaxError, UnknownKeyError } from '../diagnostics/errors.js';
import { colorProvider } from '../fake-provider.test-helper.js';
import { createProvider } from '../provider/create-provider.js';
import { providerKey } from '../provider/keys.js';
import { Engine } from './engine.js';
import { requirementsTextSource } from '../sources/loaders.js';
import type { RequirementsSourceLoader } from '../sources/source.js';
import { createEngine } from './create-engine.js';

const config = (text: string) => loadUserConfig({ file: { text, name: 'config.toml' } });

/** A third-party provider: `max_tabs` caps the `tabs` setting. */
const tabsProvider = createProvider({
  key: providerKey<{ max_tabs?: number }, { 'acme.tabs': number }>('acme-tabs'),
  docs: { summary: 'Caps the number of tabs.', description: 'A third-party provider.' },
  requirementKeys: ['max_tabs'],
  fields: { max_tabs: { docs: 'Most tabs a user may open.' } },
  settings: {
    'acme.tabs': {
      configKey: 'acme.tabs',
      docs: 'Tabs to open.',
      constrainedBy: ['max_tabs'],
      parse: (raw, key, report) => {
        if (typeof raw === 'number') return raw;
        report({ severity: 'error', kind: 'invalid-type', key, message: 'expected a number' });
        return undefined;
      },
    },
  },
  schema: { type: 'object', properties: { max_tabs: { type: 'integer' } } },
  parse: (slice, ctx) => {
    if (typeof slice.max_tabs !== 'number') {
      ctx.report({ severity: 'error', kind: 'invalid-type', key: 'max_tabs', message: 'expected an integer' });
      return {};
    }
    return { max_tabs: slice.max_tabs };
  },
  tighten: (a, b) => ({ max_tabs: Math.min(a.max_tabs ?? Infinity, b.max_tabs ?? Infinity) }),
  allows: (r, v) => r.max_tabs === undefined || v['acme.tabs'] === undefined || v['acme.tabs'] <= r.max_tabs,
  resolve: ({ requirement, requested }) => {
    const max = requirement.value.max_tabs;
    const want = requested['acme.tabs']?.value ?? 4;
    return {
      values: {
        'acme.tabs': {
          value: max === undefined ? want : Math.min(want, max),
          rule: 'capped',
          constrainedBy: max === undefined ? [] : ['max_tabs'],
        },
      },
    };
  },
  print: (r) => ({ ...r }),
});

describe('createEngine', () => {
  it('builds an engine with default options', () => {
    const engine = createEngine({ providers: [colorProvider()], sources: [] });
    expect(engine).toBeInstanceOf(Engine);
    expect(engine.options.mode).toBe('precedence');
    expect(engine.options.unknownKeys).toBe('warn');
    expect(typeof engine.options.hostname).toBe('function');
  });

  it('passes the options a host chose', () => {
    const hostname = () => 'h';
    const engine = createEngine({
      providers: [colorProvider()],
      sources: [],
      mode: 'strict',
      unknownKeys: 'error',
      hostname,
    });
    expect(engine.options).toEqual({ mode: 'strict', unknownKeys: 'error', hostname });
  });

  it('orders providers by their declared dependencies', () => {
    const late = createProvider({
      ...colorProvider(),
      key: providerKey<object, object>('late'),
      after: ['colors'],
      requirementKeys: ['late_key'],
      fields: {},
      settings: {},
      resolve: () => ({ values: {} }),
    });
    const engine = createEngine({ providers: [late, colorProvider()], sources: [] });
    expect(engine.providers.map((p) => p.id)).toEqual(['colors', 'late']);
  });

  it('rejects a provider registered twice, naming both origins', () => {
    expect(() =>
      createEngine({
        providers: [
          { provider: colorProvider(), origin: 'built-in' },
          { provider: colorProvider(), origin: '@acme/ratchet-colors' },
        ],
        sources: [],
      }),
    ).toThrow(new ProviderSetupError('provider "colors" is registered twice: by built-in and by @acme/ratchet-colors'));
    expect(() =>
      createEngine({ providers: [{ provider: colorProvider(), origin: 'built-in' }, colorProvider()], sources: [] }),
    ).toThrow('provider "colors" is registered twice: by built-in and by host');
  });

  it('keeps engines independent', () => {
    const a = createEngine({ providers: [colorProvider()], sources: [] });
    const b = createEngine({ providers: [tabsProvider], sources: [], mode: 'strict' });
    expect(a.providers.map((p) => p.id)).toEqual(['colors']);
    expect(b.providers.map((p) => p.id)).toEqual(['acme-tabs']);
    expect(a.options.mode).toBe('precedence');
  });
});

describe('engine.load() with a third-party provider', () => {
  it('resolves through load() and policy.resolve()', async () => {
    const engine = createEngine({
      providers: [colorProvider(), { provider: tabsProvider, origin: '@acme/ratchet-tabs' }],
      sources: [
        requirementsTextSource('max_tabs = 3', 'cloud', 'cloud'),
        requirementsTextSource('max_tabs = 10\nallowed_colors = ["blue"]', 'system', 'system'),
      ],
    });
    const policy = await engine.load();
    expect(policy.sources.map((s) => [s.id, s.layers])).toEqual([
      ['cloud:cloud', 1],
      ['system:system', 1],
    ]);
    const resolved = policy.resolve(config('color = "blue"\n[acme]\ntabs = 8'));
    expect(resolved.entries.get('acme.tabs')).toMatchObject({
      value: 3,
      requested: { value: 8, origin: { layer: 'config', source: 'config.toml', key: 'acme.tabs' } },
      provider: 'acme-tabs',
      rule: 'capped',
      constraints: [{ field: 'max_tabs', value: 3, sources: ['cloud'] }],
    });
    expect(resolved.entries.get('color')?.value).toBe('blue');
  });

  it('combines with tighten in strict mode', async () => {
    const sources: RequirementsSourceLoader[] = [
      requirementsTextSource('max_tabs = 10', 'cloud'),
      requirementsTextSource('max_tabs = 2', 'system'),
    ];
    const precedence = await createEngine({ providers: [tabsProvider], sources }).load();
    const strict = await createEngine({ providers: [tabsProvider], sources, mode: 'strict' }).load();
    expect(precedence.resolve(config('')).entries.get('acme.tabs')?.value).toBe(4);
    expect(strict.resolve(config('')).entries.get('acme.tabs')?.value).toBe(2);
  });

  it('stops on a source that does not parse', async () => {
    const engine = createEngine({ providers: [tabsProvider], sources: [requirementsTextSource('max_tabs = ', 'bad')] });
    await expect(engine.load()).rejects.toBeInstanceOf(TomlSyntaxError);
  });

  it('stops on a requirement the provider rejects', async () => {
    const engine = createEngine({
      providers: [tabsProvider],
      sources: [requirementsTextSource('max_tabs = "x"', 'bad')],
    });
    await expect(engine.load()).rejects.toMatchObject({ code: 'RATCHET_INVALID_TYPE', key: 'max_tabs', source: 'bad' });
  });

  it('honours unknownKeys', async () => {
    const sources = [requirementsTextSource('max_tab = 3', 'r')];
    const warned = await createEngine({ providers: [tabsProvider], sources }).load();
    expect(warned.requirements.diagnostics[0]).toMatchObject({
      kind: 'unknown-key',
      suggestion: 'did you mean "max_tabs"?',
    });
    await expect(
      createEngine({ providers: [tabsProvider], sources, unknownKeys: 'error' }).load(),
    ).rejects.toBeInstanceOf(UnknownKeyError);
  });

  it('uses the hostname resolver it was given, only when asked', async () => {
    let calls = 0;
    const hostname = () => {
      calls++;
      return 'box.example.com';
    };
    const seen: (string | undefined)[] = [];
    const provider = colorProvider({ onParse: (_s, ctx) => void seen.push(ctx.hostname()) });
    await createEngine({ providers: [provider], sources: [], hostname }).load();
    expect(calls).toBe(0);
    await createEngine({
      providers: [provider],
      sources: [requirementsTextSource('allowed_colors = ["red"]', 'r')],
      hostname,
    }).load();
    expect(calls).toBe(1);
    expect(seen).toEqual(['box.example.com']);
  });

  it('reports user-config errors from policy.resolve as input errors', async () => {
    const policy = await createEngine({ providers: [tabsProvider], sources: [] }).load();
    expect(() => policy.resolve(config('[acme]\ntabs = "many"'))).toThrow(InvalidTypeError);
    expect(() => policy.resolve(config('[acme]\ntabs = "many"'))).toThrow('config.toml: acme.tabs: expected a number');
  });
});

describe('engine.load() with sources a requirement names', () => {
  /** The tabs provider, naming a further source whenever some layer caps tabs (as a config server does). */
  const pointing = (loads: string[]) =>
    createProvider({
      ...tabsProvider,
      key: providerKey<{ max_tabs?: number }, { 'acme.tabs': number }>('acme-tabs'),
      sources: ({ value }) =>
        value.max_tabs === undefined
          ? []
          : [
              {
                id: 'named',
                description: 'a source the requirement named',
                load: () => (loads.push('named'), requirementsTextSource('max_tabs = 1', 'named by max_tabs').load()),
              },
            ],
    });

  it('loads them once, after the others, and ranks their layers first', async () => {
    const loads: string[] = [];
    const policy = await createEngine({
      providers: [pointing(loads)],
      sources: [requirementsTextSource('max_tabs = 3', 'file.toml')],
    }).load();
    expect(loads).toEqual(['named']);
    expect(policy.requirements.layers.map((l) => l.source.label)).toEqual(['named by max_tabs', 'file.toml']);
    expect(policy.resolve(config('acme.tabs = 2')).entries.get('acme.tabs')!.value).toBe(1);
    expect(policy.sources.map((s) => s.id)).toContain('named');
  });

  it('a host checking files as written can leave them unread', async () => {
    const loads: string[] = [];
    const policy = await createEngine({
      providers: [pointing(loads)],
      sources: [requirementsTextSource('max_tabs = 3', 'file.toml')],
      namedSources: false,
    }).load();
    expect(loads).toEqual([]);
    expect(policy.requirements.layers.map((l) => l.source.label)).toEqual(['file.toml']);
  });

  it('names none when no layer sets what points to them', async () => {
    const loads: string[] = [];
    await createEngine({ providers: [pointing(loads)], sources: [] }).load();
    expect(loads).toEqual([]);
  });
});
