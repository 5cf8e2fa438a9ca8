import {
  UserConfig,
  type AnyProvider,
  type AnyQuestion,
  type Answer,
  type BoundQuery,
  type DependencyReader,
  type Policy,
  type QuestionContext,
  type Resolved,
  type Table,
} from '@ratchet/core';

/** What every question of a session is asked with besides the policy: the user's rules files and where commands run. */
export interface SessionInputs {
  readonly rulesFiles?: QuestionContext['rulesFiles'];
  readonly cwd?: string;
  readonly homedir?: string;
}

/** A question with the provider that declared it. */
export interface OwnedQuestion {
  readonly provider: AnyProvider;
  readonly question: AnyQuestion;
}

/** Every question the policy's providers declare, in provider order. */
export function questionsOf(policy: Policy): OwnedQuestion[] {
  return policy.providers.flatMap((provider) => (provider.questions ?? []).map((question) => ({ provider, question })));
}

/** A user configuration of one table, as a probe or an inline test config is given. */
export function configOf(table: Table, name: string): UserConfig {
  return new UserConfig([{ layer: 'config', source: name, keyPrefix: '', table }]);
}

/** Reads effective values as `ctx.dependency` does inside resolve, without the `after` check: for `allows`. */
export function dependencyOf(resolved: Resolved): DependencyReader {
  return <T>(key: { readonly name: string }) => resolved.entries.get(key.name)?.value as T | undefined;
}

/**
 * Answers questions under one policy and one resolved configuration; each question is prepared once, on first use,
 * so a session asked a million commands compiles the rules once.
 */
export class Session {
  readonly #prepared = new Map<string, (query: BoundQuery) => Answer>();
  readonly #context: QuestionContext;

  constructor(
    readonly policy: Policy,
    readonly resolved: Resolved,
    inputs: SessionInputs = {},
  ) {
    this.#context = {
      policy,
      resolved,
      rulesFiles: inputs.rulesFiles ?? [],
      cwd: inputs.cwd ?? process.cwd(),
      homedir: inputs.homedir ?? '/nonexistent-home',
    };
  }

  /** The answer of the question `query` was bound by (undefined when no loaded provider declares it). */
  ask(query: BoundQuery): Answer | undefined {
    let answer = this.#prepared.get(query.question);
    if (!answer) {
      const owned = questionsOf(this.policy).find((q) => q.question.name === query.question);
      if (!owned) return undefined;
      answer = owned.question.prepare(this.#context);
      this.#prepared.set(query.question, answer);
    }
    return answer(query);
  }
}

/** Runs every loaded question's one-time setup (a grammar to load) before a tool asks. */
export async function setUpQuestions(policies: readonly Policy[]): Promise<void> {
  const names = new Set<string>();
  for (const policy of policies)
    for (const { question } of questionsOf(policy)) {
      if (names.has(question.name)) continue;
      names.add(question.name);
      await question.setup();
    }
}
