import {
  abbreviate,
  deepEqual,
  formatValue,
  InputError,
  toPlain,
  UserConfig,
  type Answer,
  type AnyQuestion,
  type BoundQuery,
  type Policy,
  type Resolved,
} from '@ratchet/core';
import { Session, type SessionInputs } from '../session.js';
import { commandOf, countCommands, linesOf, type CommandLog } from './corpus.js';

/** A user configuration of the corpus: its name, and how it loads under a policy (managed configs differ). */
export interface CorpusConfig {
  readonly name: string;
  load(policy: Policy): UserConfig;
}

/** What a simulation runs: the policy in force, optionally a candidate, and the corpus. */
export interface SimulationInput {
  readonly current: Policy;
  readonly candidate?: Policy;
  readonly configs: readonly CorpusConfig[];
  readonly logs: readonly CommandLog[];
  /** The question command logs ask (the `command` question of a loaded provider). */
  readonly question: AnyQuestion;
  readonly session?: SessionInputs;
  /** Examples kept per count (default 5). */
  readonly examples?: number;
  /** Called every few thousand commands with how many were judged of how many. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A count and a few of the inputs counted. */
export interface Counted<E> {
  count: number;
  readonly examples: E[];
}

export interface ConfigExample {
  readonly config: string;
  readonly from: string;
  readonly to: string;
}

export interface CommandExample {
  readonly file: string;
  readonly line: number;
  readonly command: string;
  readonly from: string;
  readonly to: string;
}

export interface Simulation {
  readonly configs: {
    readonly total: number;
    /** Configurations that do not load (invalid, or pins that cannot hold), per policy, with why. */
    readonly failed: { readonly current: Counted<ConfigExample>; readonly candidate?: Counted<ConfigExample> };
    /** Per key, configurations whose requested value the policy replaced (the candidate's count beside it). */
    readonly replaced: Record<string, { current: number; candidate?: number }>;
    /** Per key, configurations whose effective value differs between the policy and the candidate. */
    readonly changed: Record<string, Counted<ConfigExample>>;
  };
  readonly commands: {
    readonly total: number;
    readonly distinct: number;
    /** Commands per decision under the policy, and under the candidate. */
    readonly decisions: Record<string, { current: number; candidate?: number }>;
    /** Commands the candidate decides more strictly, by its decision (`forbidden`, `prompt`). */
    readonly stricter: Record<string, Counted<CommandExample>>;
    /** Commands the candidate decides more loosely, by its decision. */
    readonly looser: Record<string, Counted<CommandExample>>;
  };
}

const counted = <E>(): Counted<E> => ({ count: 0, examples: [] });

function add<E>(into: Counted<E>, example: E, keep: number): void {
  into.count++;
  if (into.examples.length < keep) into.examples.push(example);
}

/** Memoized answers are dropped once this many distinct commands were seen, to bound memory. */
const MEMO_LIMIT = 200_000;

const show = (value: unknown) => (value === undefined ? '(unset)' : abbreviate(formatValue(toPlain(value)), 80));

/**
 * A value as compared across policies: the labels of each policy's layers (file names carried in a reason or a hook's
 * source) read as one placeholder, so a value that differs only in which requirements file it names is the same.
 */
function comparable(value: unknown, labels: readonly string[]): string {
  let text = JSON.stringify(toPlain(value)) ?? 'undefined';
  for (const label of labels) text = text.replaceAll(JSON.stringify(label).slice(1, -1), '<requirements>');
  return text;
}

const labelsOf = (policy: Policy) =>
  policy.requirements.layers.map((l) => l.source.label).sort((a, b) => b.length - a.length);

function resolveOrWhy(policy: Policy, config: CorpusConfig): Resolved | string {
  try {
    return policy.resolve(config.load(policy));
  } catch (error) {
    if (error instanceof InputError) return error.errors.map((d) => d.message).join('; ');
    throw error;
  }
}

function simulateConfigs(input: SimulationInput, keep: number): Simulation['configs'] {
  const { current, candidate } = input;
  const failed = { current: counted<ConfigExample>(), ...(candidate && { candidate: counted<ConfigExample>() }) };
  const replaced: Simulation['configs']['replaced'] = {};
  const changed: Simulation['configs']['changed'] = {};
  const labels = candidate ? [...labelsOf(current), ...labelsOf(candidate)] : [];
  const countReplaced = (resolved: Resolved, side: 'current' | 'candidate') => {
    for (const e of resolved.entries.values()) {
      if (e.requested === undefined || deepEqual(e.requested.value, e.value)) continue;
      const row = (replaced[e.key] ??= { current: 0, ...(candidate && { candidate: 0 }) });
      row[side] = (row[side] ?? 0) + 1;
    }
  };
  for (const config of input.configs) {
    const before = resolveOrWhy(current, config);
    if (typeof before === 'string') add(failed.current, { config: config.name, from: 'loads', to: before }, keep);
    else countReplaced(before, 'current');
    if (!candidate) continue;
    const after = resolveOrWhy(candidate, config);
    if (typeof after === 'string') add(failed.candidate!, { config: config.name, from: 'loads', to: after }, keep);
    else countReplaced(after, 'candidate');
    if (typeof before === 'string' || typeof after === 'string') continue;
    for (const key of new Set([...before.entries.keys(), ...after.entries.keys()])) {
      const [a, b] = [before.entries.get(key)?.value, after.entries.get(key)?.value];
      if (!deepEqual(a, b) && comparable(a, labels) !== comparable(b, labels))
        add((changed[key] ??= counted()), { config: config.name, from: show(a), to: show(b) }, keep);
    }
  }
  return { total: input.configs.length, failed, replaced, changed };
}

function simulateCommands(input: SimulationInput, keep: number): Simulation['commands'] {
  const { current, candidate, question } = input;
  const session = (policy: Policy) => new Session(policy, policy.resolve(UserConfig.empty()), input.session);
  const now = session(current);
  const next = candidate && session(candidate);
  const decisions: Simulation['commands']['decisions'] = {};
  const stricter: Simulation['commands']['stricter'] = {};
  const looser: Simulation['commands']['looser'] = {};
  const memo = new Map<string, readonly [Answer, Answer | undefined, BoundQuery]>();
  const seen = new Set<string>();
  const total = input.logs.reduce((n, log) => n + countCommands(log), 0);
  let done = 0;
  const tally = (decision: string, side: 'current' | 'candidate') => {
    const row = (decisions[decision] ??= { current: 0, ...(candidate && { candidate: 0 }) });
    row[side] = (row[side] ?? 0) + 1;
  };
  for (const log of input.logs) {
    for (const line of linesOf(log)) {
      // A line seen before is the same command: neither parsed nor judged again.
      let answers = memo.get(line.text);
      if (!answers) {
        if (memo.size >= MEMO_LIMIT) memo.clear();
        const query = commandOf(line, question);
        answers = [now.ask(query)!, next?.ask(query), query];
        memo.set(line.text, answers);
      }
      if (seen.size < MEMO_LIMIT * 5) seen.add(line.text);
      const [a, b, query] = answers;
      tally(a.decision, 'current');
      if (b) {
        tally(b.decision, 'candidate');
        if (b.rank !== a.rank) {
          const example = { file: line.file, line: line.line, command: query.text, from: a.decision, to: b.decision };
          add(((b.rank > a.rank ? stricter : looser)[b.decision] ??= counted()), example, keep);
        }
      }
      if (++done % 16_384 === 0) input.onProgress?.(done, total);
    }
  }
  input.onProgress?.(done, total);
  return { total: done, distinct: seen.size, decisions, stricter, looser };
}

/**
 * Runs a policy, and a candidate beside it, over a corpus: how each changes the users' configurations (per key),
 * how they decide each logged command, and which commands the candidate decides more strictly or more loosely.
 * Commands are answered under the default configuration; repeated commands are answered once.
 */
export function simulate(input: SimulationInput): Simulation {
  const keep = input.examples ?? 5;
  return { configs: simulateConfigs(input, keep), commands: simulateCommands(input, keep) };
}
