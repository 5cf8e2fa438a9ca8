import fc from 'fast-check';
import {
  combineLayers,
  deepEqual,
  DiagnosticBag,
  type DependencyReader,
  type LayeringMode,
  type Provider,
  type RequirementShape,
  type SettingsShape,
} from '@ratchet/core';
import { dependencyReader, resolveWith } from './harness.js';

/** The seed every law run uses unless told otherwise; `RATCHET_LAW_SEED` overrides it to explore or replay. */
export const DEFAULT_SEED = 20261121;

/** Generators a provider author supplies: requirements, requested settings and (if any) dependency values. */
export interface LawArbitraries<R extends RequirementShape, V extends SettingsShape> {
  readonly requirement: fc.Arbitrary<Partial<R>>;
  readonly requested: fc.Arbitrary<Partial<V>>;
  /** Effective values of the providers this one runs after, keyed by key name (`Key.name`, as in the effective configuration). */
  readonly dependencies?: fc.Arbitrary<Readonly<Record<string, unknown>>>;
}

/** How a law run is driven. */
export interface LawOptions {
  readonly seed?: number;
  readonly numRuns?: number;
}

/** One law: a name, what it states, and a check that throws with a replayable counterexample. */
export interface Law {
  readonly name: string;
  readonly statement: string;
  check(): void;
}

/** The seed a run will use: the option, else `RATCHET_LAW_SEED`, else `DEFAULT_SEED`. */
export function lawSeed(options: LawOptions = {}): number {
  const fromEnv = Number(process.env.RATCHET_LAW_SEED);
  return options.seed ?? (Number.isInteger(fromEnv) && process.env.RATCHET_LAW_SEED ? fromEnv : DEFAULT_SEED);
}

const lawSource = { kind: 'host', label: 'law-suite' } as const;

/** The laws of docs/architecture.md ("The laws") for one provider. */
export function lawsFor<R extends RequirementShape, V extends SettingsShape>(
  provider: Provider<R, V>,
  arbs: LawArbitraries<R, V>,
  options: LawOptions = {},
): Law[] {
  const seed = lawSeed(options);
  const params = { seed, numRuns: options.numRuns ?? 300 };
  const deps = arbs.dependencies ?? fc.constant({});
  const settingKeys = Object.keys(provider.settings) as (keyof V & string)[];

  const valid = (r: Partial<R>) => {
    const bag = new DiagnosticBag();
    provider.validate({ value: r, origins: {} }, bag.report);
    return !bag.hasErrors;
  };
  /** The settings resolve decides, or undefined when it refused with an error (the engine then stops loading). */
  const settingsAfter = (
    r: Partial<R>,
    v: Partial<V>,
    d: Readonly<Record<string, unknown>>,
  ): Partial<V> | undefined => {
    const { effective, diagnostics } = resolveWith(provider, r, v, d);
    if (diagnostics.some((x) => x.severity === 'error')) return undefined;
    return Object.fromEntries(
      settingKeys.filter((k) => effective[k] !== undefined).map((k) => [k, effective[k]]),
    ) as Partial<V>;
  };
  const combined = (layers: readonly Partial<R>[], mode: LayeringMode) =>
    combineLayers(
      provider,
      layers.map((requirement) => ({ source: lawSource, requirement })),
      mode,
    ).value;
  const parsePrinted = (r: Partial<R>) => {
    const bag = new DiagnosticBag('law-suite');
    const parsed = provider.parse(provider.print(r), {
      source: lawSource,
      report: bag.report,
      hostname: () => undefined,
    });
    if (bag.hasErrors)
      throw new Error(`print produced input parse rejects: ${bag.items.map((d) => d.message).join('; ')}`);
    return parsed;
  };

  const law = (name: string, statement: string, property: fc.IProperty<never> | fc.IProperty<unknown[]>): Law => ({
    name,
    statement,
    check() {
      try {
        fc.assert(property as fc.IProperty<unknown[]>, params);
      } catch (error) {
        throw new Error(
          `law "${name}" fails for provider "${provider.id}" (seed ${seed}): ${statement}\n${(error as Error).message}`,
        );
      }
    },
  });
  const { requirement: req, requested } = arbs;
  const mode = fc.constantFrom<LayeringMode>('precedence', 'strict');
  /** The dependency values as `allows` reads them (the same values `resolve` sees). */
  const reader = (d: Readonly<Record<string, unknown>>): DependencyReader => dependencyReader(provider, d);

  return [
    law(
      'compliance',
      'allows(r, resolve(v, r)), or resolve refuses with an error',
      fc.property(req, requested, deps, (r, v, d) => {
        fc.pre(valid(r));
        const after = settingsAfter(r, v, d);
        return after === undefined || provider.allows(r, after, reader(d));
      }),
    ),
    law(
      'stability',
      'allows(r, v) implies resolve(v, r) keeps v (in canonical form), without an error',
      fc.property(req, requested, deps, (r, v, d) => {
        fc.pre(valid(r) && provider.allows(r, v, reader(d)));
        const after = settingsAfter(r, v, d);
        if (after === undefined) return false;
        // Compared in canonical form, so annotations a resolution adds (an MCP server's disabled_reason) are not changes.
        const effective = provider.normalize(after) as Record<string, unknown>;
        const asked = provider.normalize(v) as Record<string, unknown>;
        return Object.keys(asked).every((k) => asked[k] === undefined || deepEqual(effective[k], asked[k]));
      }),
    ),
    law(
      'never-loosen',
      'allows(tighten(a, b), v) implies allows(a, v) and allows(b, v)',
      fc.property(
        req,
        req,
        requested,
        (a, b, v) => !provider.allows(provider.tighten(a, b), v) || (provider.allows(a, v) && provider.allows(b, v)),
      ),
    ),
    law(
      'meet-commutative',
      'tighten(a, b) allows what tighten(b, a) allows',
      fc.property(
        req,
        req,
        requested,
        (a, b, v) => provider.allows(provider.tighten(a, b), v) === provider.allows(provider.tighten(b, a), v),
      ),
    ),
    law(
      'meet-associative',
      'tighten(tighten(a, b), c) allows what tighten(a, tighten(b, c)) allows',
      fc.property(
        req,
        req,
        req,
        requested,
        (a, b, c, v) =>
          provider.allows(provider.tighten(provider.tighten(a, b), c), v) ===
          provider.allows(provider.tighten(a, provider.tighten(b, c)), v),
      ),
    ),
    law(
      'meet-idempotent',
      'tighten(a, a) allows what a allows',
      fc.property(req, requested, (a, v) => provider.allows(provider.tighten(a, a), v) === provider.allows(a, v)),
    ),
    law(
      'layering-never-loosens',
      'adding a lower layer never allows what was disallowed',
      fc.property(
        fc.array(req, { minLength: 1, maxLength: 4 }),
        req,
        requested,
        mode,
        (layers, lower, v, m) =>
          !provider.allows(combined([...layers, lower], m), v) || provider.allows(combined(layers, m), v),
      ),
    ),
    law(
      'normalize-idempotent',
      'normalize(normalize(v)) equals normalize(v)',
      fc.property(requested, (v) => deepEqual(provider.normalize(provider.normalize(v)), provider.normalize(v))),
    ),
    law(
      'parse-print-roundtrip',
      'parse(print(r)) is a fixed point of parse after print',
      fc.property(req, (r) => {
        const once = parsePrinted(r);
        return deepEqual(parsePrinted(once), once);
      }),
    ),
  ];
}

/** A law that failed, with the message that names the counterexample and the seed. */
export interface LawFailure {
  readonly law: string;
  readonly message: string;
}

/** Runs every law and returns the failures (empty when the provider passes). */
export function checkLaws<R extends RequirementShape, V extends SettingsShape>(
  provider: Provider<R, V>,
  arbs: LawArbitraries<R, V>,
  options: LawOptions = {},
): LawFailure[] {
  const failures: LawFailure[] = [];
  for (const law of lawsFor(provider, arbs, options)) {
    try {
      law.check();
    } catch (error) {
      failures.push({ law: law.name, message: (error as Error).message });
    }
  }
  return failures;
}
