import {
  createEngine,
  DiagnosticBag,
  loadUserConfig,
  requirementsTextSource,
  ProviderSetupError,
  type AnyProvider,
  type Combined,
  type DependencyReader,
  type Diagnostic,
  type Key,
  type LayeringMode,
  type Policy,
  type Provider,
  type Requested,
  type RequirementShape,
  type RequirementSource,
  type ResolveContext,
  type Resolution,
  type SettingsShape,
  type Table,
  type UserConfig,
  type UserConfigOptions,
} from '@ratchet/core';

/** The source every harness call attributes requirements to unless told otherwise. */
export const TEST_SOURCE: RequirementSource = { kind: 'file', label: 'req.toml' };

/** What parsing one slice produced: the requirement, the diagnostics, and how often the host name was asked for. */
export interface ParsedSlice<R> {
  readonly requirement: Partial<R>;
  readonly diagnostics: readonly Diagnostic[];
  readonly hostnameCalls: number;
}

/** Parses one layer's slice with a provider, as the engine would, with a fixed host name (default `host.example.com`). */
export function parseSlice<R extends RequirementShape, V extends SettingsShape>(
  provider: Provider<R, V>,
  slice: Table,
  options: { readonly hostname?: string | undefined; readonly source?: RequirementSource } = {},
): ParsedSlice<R> {
  const source = options.source ?? TEST_SOURCE;
  const hostname = 'hostname' in options ? options.hostname : 'host.example.com';
  const bag = new DiagnosticBag(source.label, provider.id);
  let hostnameCalls = 0;
  const requirement = provider.parse(slice, {
    source,
    report: bag.report,
    hostname: () => (hostnameCalls++, hostname),
  });
  return { requirement, diagnostics: bag.items, hostnameCalls };
}

/**
 * Reads dependency values from a record keyed by key name, as the engine would read the effective values of the
 * providers in `after`: a key whose owner is not in `after` is a setup error.
 */
export function dependencyReader(
  provider: AnyProvider,
  dependencies: Readonly<Record<string, unknown>>,
): DependencyReader {
  return <T>(key: Key<T>) => {
    if (!provider.after.includes(key.owner)) {
      throw new ProviderSetupError(
        `provider "${provider.id}" reads "${key.name}" without declaring its owner "${key.owner}" in after`,
      );
    }
    return dependencies[key.name] as T | undefined;
  };
}

/**
 * A resolve context built by hand: every field the requirement sets comes from `source` (default
 * `req.toml`), every requested value from config.toml under the setting's config key, every dependency from
 * `dependencies` (keyed by key name).
 */
export function resolveContext<R extends RequirementShape, V extends SettingsShape>(
  provider: Provider<R, V>,
  requirement: Partial<R>,
  requested: Partial<V>,
  dependencies: Readonly<Record<string, unknown>> = {},
  source: RequirementSource = TEST_SOURCE,
): ResolveContext<R, V> {
  const origins = Object.fromEntries(
    Object.entries(requirement)
      .filter(([, v]) => v !== undefined)
      .map(([field]) => [field, [source]]),
  );
  const asked: Record<string, Requested<unknown>> = {};
  for (const [key, value] of Object.entries(requested)) {
    if (value === undefined) continue;
    const configKey = (provider.settings as Record<string, { configKey: string } | undefined>)[key]?.configKey ?? key;
    asked[key] = { value, origin: { layer: 'config', source: 'config.toml', key: configKey } };
  }
  return {
    requirement: { value: requirement, origins: origins as unknown as Combined<R>['origins'] },
    requested: asked as ResolveContext<R, V>['requested'],
    dependency: dependencyReader(provider, dependencies),
  };
}

/** Resolves through `resolveContext`; `effective` holds every decided value (settings and runtime values). */
export function resolveWith<R extends RequirementShape, V extends SettingsShape>(
  provider: Provider<R, V>,
  requirement: Partial<R>,
  requested: Partial<V>,
  dependencies: Readonly<Record<string, unknown>> = {},
): {
  readonly effective: Record<string, unknown>;
  readonly values: Resolution<V>['values'];
  readonly diagnostics: readonly Diagnostic[];
} {
  const { values, diagnostics = [] } = provider.resolve(resolveContext(provider, requirement, requested, dependencies));
  const effective: Record<string, unknown> = {};
  for (const [key, decision] of Object.entries(values as Record<string, { value: unknown }>))
    effective[key] = decision.value;
  return { effective, values, diagnostics };
}

/** A requirements layer for `loadPolicy`: its TOML text, or the text with the name messages give it. */
export type LayerText = string | { readonly text: string; readonly label: string };

/**
 * Loads a policy as a host would, from requirements texts, highest precedence first. A single text is named
 * `req.toml`, a list's texts `layer-0.toml`, `layer-1.toml`, … unless labelled. The machine's name is unknown.
 */
export function loadPolicy(
  providers: readonly AnyProvider[],
  layers: LayerText | readonly LayerText[] = [],
  options: { readonly mode?: LayeringMode } = {},
): Promise<Policy> {
  const named = (layer: LayerText, name: string) =>
    typeof layer === 'string' ? requirementsTextSource(layer, name) : requirementsTextSource(layer.text, layer.label);
  const sources = Array.isArray(layers)
    ? (layers as readonly LayerText[]).map((layer, i) => named(layer, `layer-${i}.toml`))
    : [named(layers as LayerText, 'req.toml')];
  return createEngine({
    providers: [...providers],
    sources,
    ...(options.mode && { mode: options.mode }),
    hostname: () => undefined,
  }).load();
}

/** The user's configuration from config.toml text (named `config.toml`), with any `-c` overrides, profile or managed config. */
export function userConfig(text = '', options: Omit<UserConfigOptions, 'file'> = {}): UserConfig {
  return loadUserConfig({ file: { text, name: 'config.toml' }, ...options });
}
