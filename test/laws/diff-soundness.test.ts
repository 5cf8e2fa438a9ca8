// The soundness of `ratchet diff` (docs/policy-tools.md): over generated pairs of policies, when the diff reports no
// loosening, no generated setting, command, MCP server, host, path or hook event is treated more loosely by NEW than
// by OLD; and every witness it prints, replayed against both policies, shows what it claims.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  atLeastAsStrict,
  createEngine,
  InputError,
  outputKey,
  UserConfig,
  valueAt,
  type AnyProvider,
  type Policy,
  type RequirementsSourceLoader,
  type SettingSpec,
  type Table,
} from '@ratchet/core';
import { NAMES, COMMANDS, URLS } from '@ratchet/plugin-mcp/arbitraries';
import { HOSTS } from '@ratchet/plugin-network/arbitraries';
import { PATHS } from '@ratchet/plugin-filesystem/arbitraries';
import { EVENTS } from '@ratchet/plugin-hooks';
import { diffPolicies, questionsOf, Session, setUpQuestions, type Witness } from '@ratchet/toolkit';
import { bundled } from './registry.js';

const SEED = Number(process.env.RATCHET_DIFF_SEED ?? 19_019);
const RUNS = Number(process.env.RATCHET_DIFF_RUNS ?? 100);
const providers = bundled.map((b) => b.provider);

/** One layer holding the printed requirements, loaded through the engine as a file would be. */
async function load(table: Table, label: string): Promise<Policy | undefined> {
  const source: RequirementsSourceLoader = {
    id: label,
    description: label,
    load: () => ({ layers: [{ source: { kind: 'file', label }, format: 'requirements', table }], diagnostics: [] }),
  };
  try {
    const policy = await createEngine({ providers, sources: [source], hostname: () => 'laptop' }).load();
    // A policy that refuses every configuration without more (an allowlist naming a profile only a user config can
    // define) is refused by `ratchet diff` too, with exit 2: there is nothing to compare.
    policy.resolve(UserConfig.empty());
    return policy;
  } catch (error) {
    if (error instanceof InputError) return undefined; // a combination the validators refuse is not a policy
    throw error;
  }
}

/** Requirements for some of the providers, each from its own law arbitraries. */
const requirements = fc.tuple(...bundled.map((b) => fc.option(b.arbitraries.requirement, { nil: undefined })));

/** A requirement the provider's own validation accepts (an empty allowlist is refused at load), else none. */
function valid(provider: AnyProvider, requirement: object | undefined): object | undefined {
  let bad = false;
  if (requirement)
    provider.validate({ value: requirement, origins: {} }, (d) => {
      if (d.severity === 'error') bad = true;
    });
  return bad ? undefined : requirement;
}

const printed = (reqs: readonly (object | undefined)[]): Table =>
  Object.assign(
    {},
    ...bundled.map((b, i) => {
      const r = valid(b.provider, reqs[i]);
      return r ? b.provider.print(r) : {};
    }),
  ) as Table;

/** A pair: unrelated, the same, or NEW the meet of OLD and another (which the never-loosen law says loosens nothing). */
const pairs = fc.oneof(
  fc.tuple(requirements, requirements).map(([a, b]) => [printed(a), printed(b)] as const),
  requirements.map((a) => [printed(a), printed(a)] as const),
  fc
    .tuple(requirements, requirements)
    .map(
      ([a, b]) =>
        [
          printed(a),
          printed(bundled.map((x, i) => (a[i] && b[i] ? x.provider.tighten(a[i], b[i]) : (a[i] ?? b[i])))),
        ] as const,
    ),
);

const WORDS = ['git', 'rm', 'npm', 'curl', 'push', 'commit', 'install', '-rf', '-f', 'env', 'sudo', 'x'];
const inputs = {
  command: fc.oneof(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }),
    fc
      .tuple(
        fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
      )
      .map(([a, b]) => `${a.join(' ')} && ${b.join(' ')}`),
  ),
  mcp_server: fc.oneof(
    fc.record({
      name: fc.constantFrom(...NAMES),
      command: fc.constantFrom(...COMMANDS),
      args: fc.array(fc.constantFrom('--verbose', '--port=1', 'serve'), { maxLength: 2 }),
    }),
    fc.record({ name: fc.constantFrom(...NAMES), url: fc.constantFrom(...URLS, 'https://example.com/mcp/v3') }),
    fc.record({
      name: fc.constantFrom(...NAMES),
      plugin: fc.constantFrom('sample@test', 'acme@market'),
      command: fc.constantFrom(...COMMANDS),
    }),
  ),
  domain: fc.constantFrom(...HOSTS),
  read_path: fc.constantFrom(...PATHS),
  hook_event: fc.constantFrom(...EVENTS),
} as const;

/** Generated runtime queries, as a policy test case would ask them. */
const queries = fc.array(
  fc.oneof(
    ...Object.entries(inputs).map(([name, arb]) =>
      (arb as fc.Arbitrary<unknown>).chain((value) =>
        name === 'hook_event'
          ? fc.constantFrom('Bash', 'Edit', 'Write', 'Read').map((tool) => ({ [name]: value, tool }))
          : fc.constant({ [name]: value }),
      ),
    ),
  ),
  { minLength: 20, maxLength: 40 },
);

/** Generated settings per provider, from the providers' own law arbitraries. */
const settings = fc.tuple(...bundled.map((b) => b.arbitraries.requested));

const sessionOf = (policy: Policy) => new Session(policy, policy.resolve(UserConfig.empty()));

/** Whether NEW answers a test-case query more loosely than OLD (undefined when no loaded question reads it). */
function looserAnswer(older: Session, newer: Session, testCase: Table): boolean | undefined {
  for (const { question } of questionsOf(newer.policy)) {
    if (testCase[question.name] === undefined) continue;
    const query = question.parse(testCase[question.name], testCase, () => {});
    const [a, b] = query ? [older.ask(query), newer.ask(query)] : [];
    return a && b ? !atLeastAsStrict(question, a, b) : undefined;
  }
  return undefined;
}

/** Replays a setting witness through the runtime API: OLD refuses the value, NEW accepts it (or the reverse). */
function replaySetting(older: Policy, newer: Policy, w: Witness): { old: boolean; new: boolean } {
  const provider = newer.providers.find((p) => p.id === w.provider)!;
  const spec = (provider.settings as Record<string, SettingSpec<unknown>>)[w.key]!;
  const value = spec.parse(valueAt(w.case.config, spec.configKey), w.key, () => {});
  const key = outputKey<unknown>(provider, w.key);
  const canSet = (policy: Policy) => policy.constrained(key, policy.resolve(UserConfig.empty())).canSet(value).ok;
  return { old: canSet(older), new: canSet(newer) };
}

describe(`diff is sound over generated policy pairs (fast-check seed ${SEED}, ${RUNS} runs; RATCHET_DIFF_SEED replays)`, () => {
  it(
    'no loosening reported means nothing generated is looser, and every witness replays',
    async () => {
      let compared = 0;
      let quiet = 0;
      let witnesses = 0;
      await fc.assert(
        fc.asyncProperty(pairs, queries, settings, async ([oldTable, newTable], cases, asked) => {
          const [older, newer] = [await load(oldTable, 'old.toml'), await load(newTable, 'new.toml')];
          if (!older || !newer) return;
          await setUpQuestions([older, newer]);
          compared++;
          const diff = diffPolicies(older, newer);
          const [before, after] = [sessionOf(older), sessionOf(newer)];
          for (const p of diff.providers) {
            for (const [list, looser] of [
              [p.loosened, true],
              [p.tightened, false],
            ] as const) {
              for (const w of list) {
                witnesses++;
                if (w.case.config !== undefined) {
                  const replay = replaySetting(older, newer, w);
                  expect(replay, `${p.provider} ${w.input}`).toEqual(
                    looser ? { old: false, new: true } : { old: true, new: false },
                  );
                } else {
                  const shown = looser ? looserAnswer(before, after, w.case) : looserAnswer(after, before, w.case);
                  expect(shown, `${p.provider} ${w.input}: ${w.old} -> ${w.new}`).toBe(true);
                }
              }
            }
          }
          if (diff.loosens) return;
          quiet++;
          for (const testCase of cases)
            expect(looserAnswer(before, after, testCase), `${JSON.stringify(testCase)} is looser under NEW`).not.toBe(
              true,
            );
          const oldDeps = before.resolved;
          const newDeps = after.resolved;
          const reader = (resolved: typeof oldDeps) => (key: { name: string }) =>
            resolved.entries.get(key.name)?.value as never;
          bundled.forEach(({ provider }, i) => {
            const v = asked[i] as object;
            const was = provider.allows(older.requirementOf(provider).value, v, reader(oldDeps));
            const now = provider.allows(newer.requirementOf(provider).value, v, reader(newDeps));
            expect(!was && now, `${provider.id}: ${JSON.stringify(v)} refused by OLD, accepted by NEW`).toBe(false);
          });
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      console.log(
        `diff soundness: ${compared} pairs compared, ${quiet} with no loosening, ${witnesses} witnesses replayed`,
      );
      // The property must have compared policies, seen quiet diffs and replayed witnesses, or it proved nothing.
      expect(compared).toBeGreaterThan(RUNS / 2);
      expect(quiet).toBeGreaterThan(5);
      expect(witnesses).toBeGreaterThan(20);
    },
    600_000, // hang guard for a loaded 2-core machine; the run itself takes seconds
  );
});
