// Typed keys across the plugin boundary (docs/architecture.md, "The provider contract"): a provider's package makes
// its keys once, and every other provider or host reads through them, so no reader names a string and casts.

declare const requirementType: unique symbol;
declare const settingsType: unique symbol;
declare const valueType: unique symbol;

/**
 * Names a provider and carries the types of its requirement `R` and settings `V`. The provider's package makes it
 * once with `providerKey` and builds the provider on it (`createProvider({ key, ... })`); readers pass it to
 * `policy.requirementOf`, `policy.provider` and `settingKey`.
 */
export interface ProviderKey<R extends object, V extends object> {
  /** Unique provider id, kebab-case (`sandbox`, `web-search`). */
  readonly id: string;
  /** Type only: never set at run time. */
  readonly [requirementType]?: R;
  /** Type only: never set at run time. */
  readonly [settingsType]?: V;
}

/**
 * Names one effective value, a setting or a runtime output, with its type `T` and the provider that owns it.
 * Providers read it through `ctx.dependency(key)`, hosts through `resolved.value(key)` and `policy.constrained(key)`.
 */
export interface Key<T> {
  /** The key in the effective configuration (`sandbox_mode`, `features.hooks`). */
  readonly name: string;
  /** The id of the provider that owns the value. */
  readonly owner: string;
  /** Type only: never set at run time. */
  readonly [valueType]?: T;
}

/** A provider's key; the type arguments are the provider's requirement and settings. */
export function providerKey<R extends object, V extends object>(id: string): ProviderKey<R, V> {
  return Object.freeze({ id });
}

/** The key of one of a provider's settings, typed by the provider's settings. */
export function settingKey<V extends object, K extends keyof V & string>(
  provider: ProviderKey<object, V>,
  name: K,
): Key<V[K]> {
  return Object.freeze({ name, owner: provider.id });
}

/** The key of a runtime value a provider outputs beside its settings (`web_search_for_turn`); `T` is its type. */
export function outputKey<T>(provider: ProviderKey<object, object>, name: string): Key<T> {
  return Object.freeze({ name, owner: provider.id });
}
