import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ConstraintRefusedError, ProviderSetupError, throwIfErrors } from '../diagnostics/errors.js';
import { Constrained } from '../constrained/constrained.js';
import type { UserConfig } from '../config/user-config.js';
import type { Combined, DependencyReader, Provider, SettingSpec } from '../provider/contract.js';
import type { RequirementSet } from '../layering/requirements.js';
import { valueAt } from '../shape/shape.js';
import { formatValue, toPlain } from '../shape/values.js';
import type { ConstraintRef, EffectiveEntry, Resolved } from './effective.js';
import type { SourceReport } from './engine.js';
import { requestedSettings, unknownTableKeys } from './requested.js';

const UNCONSTRAINED: Combined<object> = { value: {}, origins: {} };

/** Loaded requirements bound to providers: resolves user configurations and hands out constrained values. */
export class Policy {
  #declared: ReadonlyMap<string, string> | undefined;
  #loaded: ReadonlySet<string> | undefined;
  /** Constraint references by provider and field: the requirements never change, so each is printed once. */
  readonly #refs = new Map<string, ConstraintRef>();

  #constraintRef(provider: Provider, field: string): ConstraintRef {
    const id = `${provider.id}\u0000${field}`;
    let ref = this.#refs.get(id);
    if (!ref) {
      const requirement = this.requirementOf(provider.id);
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
    readonly providers: readonly Provider[],
    readonly requirements: RequirementSet,
    readonly sources: readonly SourceReport[] = [],
  ) {}

  /**
   * What `reader` sees through `dependency`: a key's owner (the provider that produced it, else the loaded provider
   * declaring it as a setting or output) must be in its `after`; a key no loaded provider owns reads as undefined
   * when `after` names a provider that is not loaded (an optional dependency), and is an error otherwise.
   */
  #dependencyReader(
    reader: Provider,
    ownerOf: (key: string) => string | undefined,
    valueOf: (key: string) => unknown,
  ): DependencyReader {
    this.#declared ??= new Map(
      this.providers.flatMap((p) => [...Object.keys(p.settings), ...p.outputs].map((k) => [k, p.id] as const)),
    );
    const declared = this.#declared;
    const loaded = (this.#loaded ??= new Set(this.providers.map((p) => p.id)));
    return <T>(key: string) => {
      const owner = ownerOf(key) ?? declared.get(key);
      if (owner !== undefined) {
        if (!reader.after.includes(owner))
          throw new ProviderSetupError(`provider "${reader.id}" reads "${key}" without declaring its owner in after`);
        return valueOf(key) as T | undefined;
      }
      if (reader.after.some((id) => !loaded.has(id))) return undefined;
      throw new ProviderSetupError(`provider "${reader.id}" reads "${key}", which no loaded provider owns`);
    };
  }

  /** The combined requirement of one provider (empty when no layer set any of its fields). */
  requirementOf(providerId: string): Combined<object> {
    return this.requirements.combined.get(providerId) ?? UNCONSTRAINED;
  }

  /** Resolves the user's configuration; invalid user values throw an InputError. */
  resolve(config: UserConfig): Resolved {
    const entries = new Map<string, EffectiveEntry>();
    const diagnostics: Diagnostic[] = [...this.requirements.diagnostics];
    const owner = new Map<string, string>();
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
    diagnostics.push(...once, ...this.providers.flatMap((p) => unknownTableKeys(p, config)));
    for (const provider of this.providers) {
      const requested = requestedBy.get(provider.id)!;
      const requirement = this.requirementOf(provider.id);
      const resolution = provider.resolve({
        requirement,
        requested,
        dependency: this.#dependencyReader(
          provider,
          (key) => owner.get(key),
          (key) => entries.get(key)?.value,
        ),
      });
      diagnostics.push(...(resolution.diagnostics ?? []));
      for (const [key, decision] of Object.entries(resolution.values)) {
        const constraints = (decision.constrainedBy ?? []).map((field) => this.#constraintRef(provider, field));
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
        owner.set(key, provider.id);
      }
    }
    // A provider may find a combination it cannot resolve without loosening (pins that cannot all hold): that stops here.
    throwIfErrors(diagnostics);
    return { entries, diagnostics };
  }

  /**
   * A runtime handle for one setting, starting at its effective value; `set` is checked against the requirement
   * and the effective values (in `resolved`) of the providers the setting's provider runs after.
   */
  constrained<T>(key: string, resolved: Resolved): Constrained<T> {
    const provider = this.providers.find((p) => Object.hasOwn(p.settings, key));
    if (!provider) throw new ProviderSetupError(`no loaded provider owns the setting "${key}"`);
    const spec = (provider.settings as Record<string, SettingSpec<unknown>>)[key]!;
    const requirement = this.requirementOf(provider.id);
    const fields = requirement.value as Record<string, unknown>;
    const origins = requirement.origins as Record<string, readonly { label: string }[] | undefined>;
    const normalize = (value: T) => (provider.normalize({ [key]: value }) as Record<string, T>)[key] as T;
    const dependency = this.#dependencyReader(
      provider,
      (k) => resolved.entries.get(k)?.provider,
      (k) => resolved.entries.get(k)?.value,
    );
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
    return new Constrained<T>(resolved.entries.get(key)?.value as T, check, normalize);
  }
}
