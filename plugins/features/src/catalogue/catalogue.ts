import { ProviderSetupError } from '@ratchet/core';
import type { FeatureContribution, FeatureSpec } from './spec.js';

/** A feature as registered: its spec and the contribution it came from. */
export interface CatalogueEntry extends FeatureSpec {
  readonly source: string;
}

/** Feature values keyed by canonical key. */
export type FeatureMap = Readonly<Record<string, boolean>>;

const KEY = /^[A-Za-z0-9_-]+$/;
const SUBKEY = /^([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]+$/;

/** Every problem in a list of contributions, each naming the contributors involved. */
function problemsOf(contributions: readonly FeatureContribution[]): string[] {
  const problems: string[] = [];
  const keys = new Map<string, string>();
  const spellings = new Map<string, string>();
  const pinSpellings = new Map<string, string>();
  for (const { source, features } of contributions) {
    for (const f of features) {
      const earlier = keys.get(f.key);
      if (earlier !== undefined)
        problems.push(`feature "${f.key}" is contributed twice: by ${earlier} and by ${source}`);
      keys.set(f.key, source);
    }
  }
  const tables = new Set<string>();
  for (const { features } of contributions) for (const f of features) if (f.tableForm) tables.add(f.key);
  for (const { source, features } of contributions) {
    for (const f of features) {
      // A setting inside a table-form feature (`guardianv2.thread_context`) is spelled with its table's key.
      if (!KEY.test(f.key) && !tables.has(SUBKEY.exec(f.key)?.[1] ?? ''))
        problems.push(`feature "${f.key}" (${source}) is not a bare TOML key: use letters, digits, _ and -`);
      // Aliases sit under [features] beside the canonical keys; legacy toggles are top-level config keys.
      const spelled =
        f.aliases === undefined && f.legacyToggles === undefined
          ? []
          : [...(f.aliases ?? []).map((a) => `features.${a}`), ...(f.legacyToggles ?? [])];
      for (const name of spelled) {
        const feature = name.startsWith('features.') ? keys.get(name.slice('features.'.length)) : undefined;
        const owner =
          feature !== undefined
            ? `the feature "${name.slice('features.'.length)}" itself (${feature})`
            : spellings.get(name);
        if (owner !== undefined)
          problems.push(`"${name}", an older spelling of "${f.key}" (${source}), is already taken by ${owner}`);
        spellings.set(name, `"${f.key}" (${source})`);
      }
      for (const pinAlias of f.pinAliases ?? []) {
        const owner = keys.has(pinAlias)
          ? `the feature "${pinAlias}" itself (${keys.get(pinAlias)})`
          : pinSpellings.get(pinAlias);
        if (owner !== undefined)
          problems.push(`"${pinAlias}", a requirements name of "${f.key}" (${source}), is already taken by ${owner}`);
        pinSpellings.set(pinAlias, `"${f.key}" (${source})`);
      }
      for (const needed of f.requires ?? []) {
        if (!keys.has(needed))
          problems.push(`feature "${f.key}" (${source}) requires "${needed}", which no contribution declares`);
      }
      if ((f.requires ?? []).length > 0 && f.default) {
        problems.push(
          `feature "${f.key}" (${source}) has prerequisites, so it must default to false (on by default it would switch them on for everyone)`,
        );
      }
    }
  }
  return problems;
}

/** The registered features in contribution order, with alias lookup and transitive prerequisites. */
export class FeatureCatalogue {
  /** The features that have a value, in contribution order. */
  readonly entries: readonly CatalogueEntry[];
  /**
   * Settings inside a table-form feature that a contribution lists as features (`guardianv2.thread_context`): they
   * have no value of their own here, and a requirements pin of one is warned about and ignored.
   */
  readonly inert: readonly CatalogueEntry[];
  /** Canonical keys in catalogue order. */
  readonly keys: readonly string[];
  /** Features that have prerequisites, in catalogue order. */
  readonly dependents: readonly string[];
  readonly #defaults: FeatureMap;
  readonly #byKey = new Map<string, CatalogueEntry>();
  readonly #aliases = new Map<string, string>();
  readonly #pinAliases = new Map<string, string>();
  readonly #needs = new Map<string, readonly string[]>();

  private constructor(all: readonly CatalogueEntry[]) {
    const entries: CatalogueEntry[] = [];
    const inert: CatalogueEntry[] = [];
    for (const entry of all) {
      this.#byKey.set(entry.key, entry);
      if (!KEY.test(entry.key)) {
        inert.push(entry);
        continue;
      }
      entries.push(entry);
      for (const alias of entry.aliases ?? []) this.#aliases.set(alias, entry.key);
      for (const alias of entry.pinAliases ?? []) this.#pinAliases.set(alias, entry.key);
    }
    this.entries = entries;
    this.inert = inert;
    this.keys = Object.freeze(entries.map((e) => e.key));
    // Made in one call, not key by key: V8 keeps it a fast object, and resolution copies it every time.
    this.#defaults = Object.freeze(Object.fromEntries(entries.map((e) => [e.key, e.default])));
    // Only a feature with prerequisites has any: a few of a couple of hundred.
    for (const entry of entries) {
      const needs = entry.requires === undefined ? [] : this.#transitive(entry.key);
      if (needs.length > 0) this.#needs.set(entry.key, needs);
    }
    this.dependents = Object.freeze(this.keys.filter((k) => this.#needs.has(k)));
  }

  /** Builds a catalogue; overlapping or inconsistent contributions throw one ProviderSetupError listing every problem. */
  static from(contributions: readonly FeatureContribution[]): FeatureCatalogue {
    const problems = problemsOf(contributions);
    if (problems.length > 0) throw new ProviderSetupError(`invalid feature catalogue: ${problems.join('; ')}`);
    const entries: CatalogueEntry[] = [];
    for (const { source, features } of contributions)
      for (const f of features) entries.push(Object.freeze({ ...f, source }));
    return new FeatureCatalogue(entries);
  }

  /** A feature by canonical key, inert ones included. */
  get(key: string): CatalogueEntry | undefined {
    return this.#byKey.get(key);
  }

  /** The canonical key an older `[features]` spelling stands for. */
  aliasOf(name: string): string | undefined {
    return this.#aliases.get(name);
  }

  /** The canonical key a requirements-only name stands for (`auto_review` → `guardian_approval`). */
  pinAliasOf(name: string): string | undefined {
    return this.#pinAliases.get(name);
  }

  /** Every feature `key` needs, directly or through other prerequisites, in catalogue order. */
  prerequisites(key: string): readonly string[] {
    return this.#needs.get(key) ?? [];
  }

  /** Each feature at its default. */
  defaults(): FeatureMap {
    return this.#defaults;
  }

  #transitive(key: string): readonly string[] {
    const seen = new Set<string>();
    const stack = [...(this.#byKey.get(key)?.requires ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === key || seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.#byKey.get(next)?.requires ?? []));
    }
    return this.keys.filter((k) => seen.has(k));
  }
}
