import type { Reporter } from '../diagnostics/diagnostic.js';
import type { Policy } from '../resolve/policy.js';
import type { Resolved } from '../resolve/effective.js';
import type { Table } from '../shape/shape.js';

/** What a runtime question is asked under: a loaded policy, a configuration resolved by it, the session's inputs. */
export interface QuestionContext {
  readonly policy: Policy;
  readonly resolved: Resolved;
  /** The user's `.rules` files for the session, as read (a question that uses them parses them itself). */
  readonly rulesFiles: readonly { readonly path: string; readonly text: string }[];
  readonly cwd: string;
  readonly homedir: string;
}

/** One answer in plain words: what policy tests compare, diffs order and reports print. */
export interface Answer {
  /** The decision in the question's own words (`allow`, `prompt`, `forbidden`, `none`; `enabled`; `deny`). */
  readonly decision: string;
  /** How strict the decision is, higher is stricter (used when the question's `order` is `rank`). */
  readonly rank: number;
  /** What decided it: rules, entries or hooks, spelled as the question's `rules` lists them (coverage reads them). */
  readonly matched: readonly string[];
  /** Why, in a sentence. */
  readonly reason?: string;
}

/**
 * A runtime question a provider answers (may this command run, may this server start, may this host be reached),
 * declared on the provider so tools that test, diff and simulate policies cover it without knowing the provider.
 */
export interface Question<Q> {
  /** The key that asks it in a policy test case (`command`, `mcp_server`, `domain`, `hook_event`, `read_path`). */
  readonly name: string;
  readonly docs: string;
  /** Other keys of a test case the query reads (`tool` for a hook event); an expectation key is never one of them. */
  readonly queryKeys?: readonly string[];
  /**
   * How two answers are ordered: `rank` compares `Answer.rank`; `matched` means answers that list more (managed hooks
   * that run) are stricter, so an answer missing an entry the other lists is looser.
   */
  readonly order: 'rank' | 'matched';
  /** The requirement fields this question reads (coverage counts them as exercised). */
  readonly fields: readonly string[];
  /** Reads a query from a test case (its value under `name`, and the case for `queryKeys`); reports problems. */
  parse(raw: unknown, testCase: Table, report: Reporter): Q | undefined;
  /** The query in a line, for reports. */
  format(query: Q): string;
  /** The query as a test case would write it (`{ command = [...] }`), so a witness can be replayed. */
  toCase(query: Q): Table;
  /** Work done once before answering, when a tool is about to ask (loading a grammar); optional. */
  setup?(): Promise<void>;
  /** Prepares answering once per context (rules compiled once), then answers many queries. */
  prepare(ctx: QuestionContext): (query: Q) => Answer;
  /** Queries worth asking to compare policies, derived from their own values (rule patterns, identities, domains). */
  probes(policies: readonly Policy[]): Iterable<Q>;
  /** The requirement rules a case can exercise, spelled as answers list them in `matched`. */
  rules(policy: Policy): readonly string[];
}

/** A question whose query type is hidden: what a provider lists and tools hold. */
export interface AnyQuestion extends Pick<
  Question<unknown>,
  'name' | 'docs' | 'queryKeys' | 'order' | 'fields' | 'rules'
> {
  /** Parses a query and binds it: the result formats, converts back to a case and answers under a prepared context. */
  parse(raw: unknown, testCase: Table, report: Reporter): BoundQuery | undefined;
  setup(): Promise<void>;
  prepare(ctx: QuestionContext): (query: BoundQuery) => Answer;
  probes(policies: readonly Policy[]): Iterable<BoundQuery>;
}

/** A query bound to its question: opaque to tools, answered only by the question that made it. */
export interface BoundQuery {
  readonly question: string;
  readonly text: string;
  readonly case: Table;
  /** The question's own query, seen only by the question. */
  readonly query: unknown;
}

/** Declares a question: keeps its query type inside (what it parses is what it answers) and hides it from tools. */
export function defineQuestion<Q>(question: Question<Q>): AnyQuestion {
  // Text and case are made on first read: a simulation binds millions of queries and shows a few.
  const bind = (query: Q): BoundQuery => {
    let text: string | undefined;
    let testCase: Table | undefined;
    return {
      question: question.name,
      get text() {
        return (text ??= question.format(query));
      },
      get case() {
        return (testCase ??= question.toCase(query));
      },
      query,
    };
  };
  return {
    name: question.name,
    docs: question.docs,
    ...(question.queryKeys && { queryKeys: question.queryKeys }),
    order: question.order,
    fields: question.fields,
    parse(raw, testCase, report) {
      const query = question.parse(raw, testCase, report);
      return query === undefined ? undefined : bind(query);
    },
    setup: () => question.setup?.() ?? Promise.resolve(),
    prepare(ctx) {
      const answer = question.prepare(ctx);
      // Only queries this question bound reach here: the bound query carries its own Q.
      return (bound) => answer(bound.query as Q);
    },
    *probes(policies) {
      for (const query of question.probes(policies)) yield bind(query);
    },
    rules: (policy) => question.rules(policy),
  };
}

/**
 * Whether answer `b` is at least as strict as `a` under the question's order: a higher or equal rank, or (for
 * `matched`) listing every entry `a` lists.
 */
export function atLeastAsStrict(question: Pick<AnyQuestion, 'order'>, a: Answer, b: Answer): boolean {
  if (question.order === 'rank') return b.rank >= a.rank;
  const listed = new Set(b.matched);
  return a.matched.every((m) => listed.has(m));
}
