import type { Diagnostic, Reporter } from '../diagnostics/diagnostic.js';
import type { Table } from '../shape/shape.js';
import type { RequirementSource } from '../sources/source.js';
import type { Key, ProviderKey } from './keys.js';
import type { AnyQuestion } from './questions.js';

/** A provider's requirement: its fields, each optional (unset means unconstrained). */
export type RequirementShape = object;

/** A provider's settings: user-facing keys to values (effective or requested). */
export type SettingsShape = object;

/** Where a user value came from. */
export interface ValueOrigin {
  /** `override` (-c), `managed-config` (legacy managed_config.toml), `profile`, `config` (top level) or `default`. */
  readonly layer: 'override' | 'managed-config' | 'profile' | 'config' | 'default' | 'host';
  /** The file path, `-c`, or a host-given name. */
  readonly source: string;
  /** The dotted key as written there (`profiles.work.approval_policy`). */
  readonly key: string;
}

/** A value the user asked for, with where it was asked. */
export interface Requested<T> {
  readonly value: T;
  readonly origin: ValueOrigin;
}

/** The requested values of a provider's settings (absent when the user said nothing). */
export type RequestedSettings<V> = { readonly [K in keyof V]?: Requested<V[K]> };

/** The combined requirement of a provider, with the layers that set each field (highest first). */
export interface Combined<R> {
  readonly value: Partial<R>;
  readonly origins: { readonly [K in keyof R]?: readonly RequirementSource[] };
}

/** How one requirement field combines across layers: highest layer wins, or accumulate. */
export type FieldCombine<T> = 'precedence' | { readonly accumulate: (higher: T, lower: T) => T };

/** One requirement field a provider owns. */
export interface FieldSpec<T> {
  /** One line on what the field means. */
  readonly docs: string;
  /** Default `precedence`: the highest layer that sets the field wins the whole value. */
  readonly combine?: FieldCombine<T>;
}

/** One user setting a provider resolves. */
export interface SettingSpec<T> {
  /** Dotted key in config.toml (and in profiles and -c overrides). */
  readonly configKey: string;
  readonly docs: string;
  /** Requirement fields that constrain this setting. */
  readonly constrainedBy: readonly string[];
  /** Validates a raw user value; reports problems (which stop loading) and returns undefined on failure. `origin` says which layer it came from. */
  parse(raw: unknown, key: string, report: Reporter, origin?: ValueOrigin): T | undefined;
  /** Older config keys: the highest layer that spells the setting decides (the config key first within a layer); using one is warned about as deprecated. */
  readonly legacyKeys?: readonly LegacyKey<T>[];
  /**
   * `tables`: the value is a table deep-merged from every layer that has one (higher layers win per key, as
   * config.toml layers merge), so `-c mcp_servers.docs.enabled=false` adjusts the file's table instead of replacing it.
   * `append`: every layer that has the key is parsed on its own (with its origin), then the values are joined lowest
   * precedence first: lists concatenate, tables join key by key the same way, anything else from the higher layer
   * wins (hooks from every config layer all run).
   */
  readonly merge?: 'tables' | 'append';
  /** The JSON Schema of the value in config.toml, for `ratchet schema --config` (omitted: described, not typed). */
  readonly schema?: JsonSchema;
}

/** An older spelling of a setting: where it lives and how its raw value maps to the setting. */
export interface LegacyKey<T> {
  /** Dotted key in config.toml (`features.collab`). */
  readonly configKey: string;
  /** The setting's value (undefined to skip); problems reported here stop loading like any bad value. */
  read(raw: unknown, key: string, report: Reporter): T | undefined;
  /** What the deprecation warning tells the user to write instead (default: the setting's config key). */
  readonly replacement?: string;
}

/** What a provider's parse step gets besides the raw slice. */
export interface ParseContext {
  readonly source: RequirementSource;
  readonly report: Reporter;
  /** The host name used for host-specific requirements; computed on first call only. */
  readonly hostname: () => string | undefined;
}

/** How a resolved value was chosen, for `explain`. */
export interface Decision<T> {
  readonly value: T;
  /** Human text naming the rule that picked the value (`requested value is allowed`, `fallback: read-only`). */
  readonly rule: string;
  /** Requirement fields that decided the value, when a requirement played a part. */
  readonly constrainedBy?: readonly string[];
  /** What the user asked for, when another setting asked for it (a permission profile asking for a sandbox mode). */
  readonly requested?: Requested<unknown>;
}

/**
 * Reads the effective value of a key whose owner this provider declared in `after` (else a ProviderSetupError). It
 * reads as undefined when the owner is not loaded (an optional dependency) or does not produce that key (a feature
 * missing from the catalogue).
 */
export type DependencyReader = <T>(key: Key<T>) => T | undefined;

/** What a provider's resolve step gets. */
export interface ResolveContext<R, V> {
  readonly requirement: Combined<R>;
  readonly requested: RequestedSettings<V>;
  /** The effective value of a key owned by a provider this one declared in `after`. */
  readonly dependency: DependencyReader;
}

/** What a provider's resolve step returns: a decision per setting and per runtime value, and diagnostics. */
export interface Resolution<V> {
  readonly values: { readonly [K in keyof V]: Decision<V[K]> } & Readonly<Record<string, Decision<unknown>>>;
  readonly diagnostics?: readonly Diagnostic[];
}

/** A JSON Schema fragment (draft 2020-12) describing a provider's keys in requirements.toml. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/**
 * The contract every constraint provider fulfils, built-in or third-party (docs/architecture.md, "The provider
 * contract"). A provider is its own key: `policy.requirementOf(provider)` is typed by it.
 */
export interface Provider<R extends RequirementShape, V extends SettingsShape> extends ProviderKey<R, V> {
  readonly docs: { readonly summary: string; readonly description: string };
  /** Ids of providers whose effective values this one reads (through their keys); they resolve first. */
  readonly after: readonly string[];
  /** The requirements.toml top-level keys this provider owns (a layer's slice is these keys). */
  readonly requirementKeys: readonly string[];
  readonly fields: { readonly [K in keyof R]-?: FieldSpec<NonNullable<R[K]>> };
  readonly settings: { readonly [K in keyof V]-?: SettingSpec<V[K]> };
  /** Extra keys this provider adds to the effective configuration (runtime values such as `web_search_for_turn`). */
  readonly outputs: readonly string[];
  /** config.toml tables whose every key is one of this provider's settings (`features`); other keys there are warned about. */
  readonly configTables: readonly string[];
  readonly schema: JsonSchema;
  /** Validates and normalizes one layer's slice; reports problems to `ctx.report`. */
  parse(slice: Table, ctx: ParseContext): Partial<R>;
  /** Checks a combined requirement's semantics (non-empty lists and the like); only winning values are checked. */
  validate(requirement: Combined<R>, report: Reporter): void;
  /** The most restrictive requirement both `a` and `b` allow (a meet). */
  tighten(a: Partial<R>, b: Partial<R>): Partial<R>;
  /**
   * Membership: does the requirement allow these (possibly partial) settings? Unset settings are allowed. When
   * `dependency` is given it reads the effective values of the providers in `after`, as `resolve` does, and a
   * provider whose allowed values depend on them narrows by them (sandbox modes under deny_read); without it
   * the requirement alone is judged (as the meet and layering laws do).
   */
  allows(requirement: Partial<R>, value: Partial<V>, dependency?: DependencyReader): boolean;
  /** Canonical form of settings (aliases resolved); idempotent. */
  normalize(value: Partial<V>): Partial<V>;
  /** Effective values from requested values, the requirement and dependencies. */
  resolve(ctx: ResolveContext<R, V>): Resolution<V>;
  /** Back to a requirements.toml slice: `parse(print(r))` gives `r` again. */
  print(requirement: Partial<R>): Table;
  /** Requirements implied by a legacy managed_config.toml (e.g. `approval_policy = X` → `[X]`). */
  fromManagedConfig(managed: Table, report: Reporter): Table;
  /** Runtime questions it answers (`defineQuestion`), so policy tests, diffs and simulations cover them. */
  readonly questions?: readonly AnyQuestion[];
}

/**
 * Any provider, whatever its requirement and settings: what engines, policies and hosts hold in their lists. Its
 * members are typed loosely on purpose; a reader that needs one provider's types goes through that provider's key.
 */
export type AnyProvider = Provider<RequirementShape, SettingsShape>;
