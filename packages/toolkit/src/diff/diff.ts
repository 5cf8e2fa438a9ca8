import { atLeastAsStrict, deepEqual, UserConfig, type AnyProvider, type Answer, type Policy } from '@ratchet/core';
import { dependencyOf, Session, type SessionInputs } from '../session.js';
import { compareSettings } from './settings.js';
import type { Witness } from './witness.js';

/**
 * How a provider's requirement moved from the older policy to the newer: `unchanged`, `tightened` (nothing the older
 * refused is accepted), `loosened` (a witness shows something the older refused is accepted), or `changed` (it
 * differs, but neither a proof nor a probe shows which way: counted as a possible loosening).
 */
export const DIFF_STATUSES = ['unchanged', 'tightened', 'loosened', 'changed'] as const;
export type DiffStatus = (typeof DIFF_STATUSES)[number];

/** One provider's part of a diff. */
export interface ProviderDiff {
  readonly provider: string;
  readonly status: DiffStatus;
  /** Inputs the newer policy treats more loosely than the older. */
  readonly loosened: readonly Witness[];
  /** Inputs the newer policy treats more strictly. */
  readonly tightened: readonly Witness[];
  /** How the status was reached, in a sentence. */
  readonly basis: string;
}

/** A semantic comparison of two policies, provider by provider. */
export interface PolicyDiff {
  readonly providers: readonly ProviderDiff[];
  /** Whether anything loosened, or changed in a way no proof or probe could order (exit 1). */
  readonly loosens: boolean;
  /** How many inputs were put to both policies. */
  readonly probes: number;
}

const describe = (question: { order: 'rank' | 'matched' }, a: Answer, other: Answer) => {
  if (question.order === 'rank') return a.decision;
  const missing = other.matched.filter((m) => !a.matched.includes(m));
  return missing.length > 0 ? `${a.decision} (without ${missing.join('; ')})` : `${a.decision} (${a.matched.length})`;
};

/** Questions' probes put to both sessions: each answer the newer gives more loosely (or strictly) is a witness. */
function compareQuestions(
  provider: AnyProvider,
  older: Session,
  newer: Session,
): { looser: Witness[]; stricter: Witness[]; probes: number } {
  const looser: Witness[] = [];
  const stricter: Witness[] = [];
  let probes = 0;
  for (const question of provider.questions ?? []) {
    const seen = new Set<string>();
    for (const query of question.probes([older.policy, newer.policy])) {
      if (seen.has(query.text)) continue;
      seen.add(query.text);
      probes++;
      const before = older.ask(query);
      const after = newer.ask(query);
      if (!before || !after) continue;
      const witness = (): Witness => ({
        provider: provider.id,
        key: question.name,
        input: query.text,
        old: describe(question, before, after),
        new: describe(question, after, before),
        case: query.case,
      });
      if (!atLeastAsStrict(question, before, after)) looser.push(witness());
      else if (!atLeastAsStrict(question, after, before)) stricter.push(witness());
    }
  }
  return { looser, stricter, probes };
}

/**
 * Compares two loaded policies provider by provider, through each provider's own semantics: settings by `allows`
 * over values drawn from its schema and both requirements, runtime questions by their probes, and a proof of no
 * loosening when `tighten(older, newer)` prints as `newer` does (the never-loosen law then says so). Providers are
 * those of the newer policy (one host loads both).
 */
export function diffPolicies(older: Policy, newer: Policy, inputs: SessionInputs = {}): PolicyDiff {
  const oldResolved = older.resolve(UserConfig.empty());
  const newResolved = newer.resolve(UserConfig.empty());
  const oldSession = new Session(older, oldResolved, inputs);
  const newSession = new Session(newer, newResolved, inputs);
  const providers: ProviderDiff[] = [];
  let probes = 0;
  for (const provider of newer.providers) {
    const before = older.requirementOf(provider).value;
    const after = newer.requirementOf(provider).value;
    const printedBefore = provider.print(before);
    const printedAfter = provider.print(after);
    if (deepEqual(printedBefore, printedAfter)) {
      providers.push({
        provider: provider.id,
        status: 'unchanged',
        loosened: [],
        tightened: [],
        basis: 'same requirement',
      });
      continue;
    }
    const settings = compareSettings(
      provider,
      { requirement: before, dependency: dependencyOf(oldResolved) },
      { requirement: after, dependency: dependencyOf(newResolved) },
    );
    const questions = compareQuestions(provider, oldSession, newSession);
    probes += questions.probes;
    const loosened = [...settings.looser, ...questions.looser];
    const tightened = [...settings.stricter, ...questions.stricter];
    const proved = deepEqual(provider.print(provider.tighten(before, after)), printedAfter);
    const [status, basis]: [DiffStatus, string] =
      loosened.length > 0
        ? ['loosened', `${loosened.length} input(s) the older policy refused or held stricter`]
        : proved
          ? ['tightened', 'tighten(old, new) is new: nothing the older refused is accepted']
          : tightened.length > 0
            ? ['tightened', `${tightened.length} input(s) held stricter, none looser, over every probe`]
            : ['changed', 'the requirement changed but no probe answers differently: review it by hand'];
    providers.push({ provider: provider.id, status, loosened, tightened, basis });
  }
  return {
    providers,
    loosens: providers.some((p) => p.status === 'loosened' || p.status === 'changed'),
    probes,
  };
}
