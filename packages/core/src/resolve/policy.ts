import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ConstraintRefusedError, ProviderSetupError, throwIfErrors } from '../diagnostics/errors.js';
import { Constrained } from '../constrained/constrained.js';
import type { UserConfig } from '../config/user-config.js';
import type {
  AnyProvider,
  Combined,
  DependencyReader,
  Provider,
  RequirementShape,
  SettingSpec,
  SettingsShape,
} from '../provider/contract.js';
import type { Key, ProviderKey } from '../provider/keys.js';
import type { RequirementSet } from '../layering/requirements.js';
import { valueAt } from '../shape/shape.js';
import { formatValue, toPlain } from '../shape/values.js';
import { Resolved, type ConstraintRef, type EffectiveEntry } from './effective.js';
import type { SourceReport } from './engine.js';
import { requestedSettings, requirementsKeysInConfig, unknownTableKeys } from './requested.js';

const UNCONSTRAINED: Combined<object> = { value: {}, origins: {} };
/** What an effective value no requirement constrained lists as its constraints (one frozen list for all of them). */
const NO_CONSTRAINTS: readonly ConstraintRef[] = Object.freeze([]);

/** Loaded requirements bound to providers: resolves user configurations and hands out constrained values. */
export class Policy {
  /** Constraint references by provider and field: the requirements never change, so each is printed once. */
  readonly #refs = new Map<string, ConstraintRef>();

  #constraintRef(provider: AnyProvider, field: string): ConstraintRef {
    const id = `${provider.id}\u0000${field}`;
    let ref = this.#refs.get(id);
    if (!ref) {
      const requirement = this.requirementOf(provider);
      const values = requirement.value as Record<string, unknown>;
      const origins = requirement.origins as Record<string, readonly { label: string }[] | undefined>;
      ref = {
        field,
        value: toPlain(
          values[field] === undefined ? undefined : valueAt(provider.print({ [field]: values[field] }), field),
        ),
        sources: (origins[field] ?? []).map((s) => s.label),
      };
      this.#refs.set(id, ref);
    }
    return ref;
  }

  constructor(
    readonly providers: readonly AnyProvider[],
    readonly requirements: RequirementSet,
    readonly sources: readonly SourceReport[] = [],
  ) {}

  /**
   * What `reader` sees through `dependency`: the key's owner must be in its `after`; the value is undefined when the
   * owner is not loaded or produced no such key, and a value some other provider produced is a setup error.
   */
  #dependencyReader(reader: AnyProvider, entryOf: (name: string) => EffectiveEntry | undefined): DependencyReader {
    return <T>(key: Key<T>) => {
      if (!reader.after.includes(key.owner)) {
        throw new ProviderSetupError(
          `provider "${reader.id}" reads "${key.name}" without declaring its owner "${key.owner}" in after`,
        );
      }
      const entry = entryOf(key.name);
      if (entry === undefined) return undefined;
      if (entry.provider !== key.owner) {
        throw new ProviderSetupError(
          `provider "${reader.id}" reads "${key.name}" from "${key.owner}", but provider "${entry.provider}" produced it`,
        );
      }
      return entry.value as T;
    };
  }

  /** The loaded provider a key names, typed by the key; undefined when no provider with its id is loaded. */
  provider<R extends RequirementShape, V extends SettingsShape>(key: ProviderKey<R, V>): Provider<R, V> | undefined {
    return this.providers.find((p) => p.id === key.id) as Provider<R, V> | undefined;
  }

  /** The combined requirement of one provider, typed by its key (empty when no layer set any of its fields). */
  requirementOf<R extends RequirementShape>(key: ProviderKey<R, SettingsShape>): Combined<R> {
    return this.requirements.combined.get(key.id) ?? UNCONSTRAINED;
  }

  /** Resolves the user's configuration; invalid user values throw an InputError. */
  resolve(config: UserConfig): Resolved {
    const entries = new Map<string, EffectiveEntry>();
    const diagnostics: Diagnostic[] = [...this.requirements.diagnostics];
    // Every provider's user values are checked before any resolves, so one run reports every config error.
    const problems: Diagnostic[] = [];
    const requestedBy = new Map(this.providers.map((p) => [p.id, requestedSettings(p, config, problems)]));
    throwIfErrors(problems);
    // Two providers may read the same older key (features.web_search): the user hears about it once, with both fixes.
    const once: Diagnostic[] = [];
    const deprecated = new Map<string, number>();
    for (const d of problems) {
      const id = `${d.source}\0${d.key}`;
      const at = d.kind === 'deprecated-key' ? deprecated.get(id) : undefined;
      if (at === undefined) {
        if (d.kind === 'deprecated-key') deprecated.set(id, once.length);
        once.push(d);
      } else if (d.suggestion && !once[at]!.suggestion?.includes(d.suggestion)) {
        once[at] = {
          ...once[at]!,
          suggestion: once[at]!.suggestion ? `${once[at]!.suggestion}, or ${d.suggestion}` : d.suggestion,
        };
      }
    }
    diagnostics.push(
      ...once,
      ...this.providers.flatMap((p) => unknownTableKeys(p, config)),
      ...requirementsKeysInConfig(this.providers, config),
    );
    for (const provider of this.providers) {
      const requested = requestedBy.get(provider.id)!;
      const requirement = this.requirementOf(provider);
      const resolution = provider.resolve({
        requirement,
        requested,
        dependency: this.#dependencyReader(provider, (name) => entries.get(name)),
      });
      diagnostics.push(...(resolution.diagnostics ?? []));
      for (const [key, decision] of Object.entries(resolution.values)) {
        const by = decision.constrainedBy;
        const constraints = by?.length ? by.map((field) => this.#constraintRef(provider, field)) : NO_CONSTRAINTS;
        const entry: { -readonly [K in keyof EffectiveEntry]: EffectiveEntry[K] } = {
          key,
          value: decision.value,
          provider: provider.id,
          rule: decision.rule,
          constraints,
        };
        const asked = decision.requested ?? requested[key];
        if (asked) entry.requested = asked;
        entries.set(key, entry);
      }
    }
    // A provider may find a combination it cannot resolve without loosening (pins that cannot all hold): that stops here.
    throwIfErrors(diagnostics);
    return new Resolved(entries, diagnostics);
  }

  /**
   * A runtime handle for one setting, starting at its effective value; `set` is checked against the requirement
   * and the effective values (in `resolved`) of the providers the setting's provider runs after.
   */
  constrained<T>(setting: Key<T>, resolved: Resolved): Constrained<T> {
    const { name: key, owner } = setting;
    const provider = this.providers.find((p) => p.id === owner);
    if (!provider || !Object.hasOwn(provider.settings, key)) {
      throw new ProviderSetupError(`no loaded provider "${owner}" owns the setting "${key}"`);
    }
    const spec = (provider.settings as Record<string, SettingSpec<unknown>>)[key]!;
    const requirement = this.requirementOf(provider);
    const fields = requirement.value as Record<string, unknown>;
    const origins = requirement.origins as Record<string, readonly { label: string }[] | undefined>;
    const normalize = (value: T) => (provider.normalize({ [key]: value }) as Record<string, T>)[key] as T;
    const dependency = this.#dependencyReader(provider, (name) => resolved.entries.get(name));
    const check = (value: T): ConstraintRefusedError | undefined => {
      if (provider.allows(fields, { [key]: value }, dependency)) return undefined;
      const refusing = spec.constrainedBy.find((f) => !provider.allows({ [f]: fields[f] }, { [key]: value }));
      if (refusing === undefined && provider.allows(fields, { [key]: value })) {
        // The requirement alone allows it: the values of the providers it runs after narrowed it (deny_read and sandbox modes).
        const after = provider.after.join(', ');
        return new ConstraintRefusedError(
          `${key} = ${formatValue(value)} is refused by requirements given the effective values of ${after}`,
          key,
          value,
          key,
          [],
        );
      }
      const field = refusing ?? spec.constrainedBy[0] ?? key;
      const sources = (origins[field] ?? []).map((s) => s.label);
      return new ConstraintRefusedError(
        `${key} = ${formatValue(value)} is refused by ${field} = ${formatValue(toPlain(fields[field]))} (set by ${sources.join(', ') || 'the requirements'})`,
        key,
        value,
        field,
        sources,
      );
    };
    // A setting's provider always resolves it: the value is there unless the resolution came from another policy.
    return new Constrained<T>(resolved.value(setting) as T, check, normalize);
  }
}
