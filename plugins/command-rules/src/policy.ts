import { posix } from 'node:path';
import { RuleIndex, type ProgramResolver, type ProgramRules } from './rules/index.js';
import { rank, stricter, type Decision, type HostExecutables, type PrefixRule, type RuleMatch } from './rules/model.js';
import { analyze, type Candidate, type OpaqueFinding, type Step } from './shell/analysis.js';
import { loadShellGrammar, type ShellGrammarFiles } from './shell/grammar.js';

/** A rule that matched, the command it matched, and the decision that match gives. */
export interface MatchedRule extends RuleMatch {
  /** The command judged: the argv itself, one command of a script, or a wrapped command. */
  readonly command: readonly string[];
  /** The rule's decision, or `prompt` when the rule only may apply (a catch-all or opaque match). */
  readonly decision: Decision;
  /** How the command was reached from the argv: scripts read and wrappers looked through (empty for the argv). */
  readonly via: readonly Step[];
}

/** The answer to "may this command run?": the strictest decision of every match, or `none`. */
export interface CommandCheck {
  readonly decision: Decision | 'none';
  /** Every matching rule, strictest first, then the most specific. */
  readonly matched: readonly MatchedRule[];
  /** The commands judged: the argv itself, then every command it can run, in the order found. */
  readonly commands: readonly (readonly string[])[];
  /** What runs and cannot be known from the text; each makes the answer at least `prompt`. */
  readonly opaque: readonly OpaqueFinding[];
  /** The requirements rules' decision alone, which user rules can only make stricter. */
  readonly requirements: Decision | 'none';
  /** `user` when the decision is a prompt that only the user may approve (a requirements `prompt-user` rule matched). */
  readonly reviewer?: 'user';
  /** Whether a script needed the shell grammar and it was not loaded (its commands are then opaque). */
  readonly grammarNeeded: boolean;
}

/** Where relative program paths are resolved for user rules, as Codex resolves them. */
export interface CommandPolicyOptions {
  /** The working directory commands run in (`./git` is `<cwd>/git`). */
  readonly cwd?: string;
  /** The home directory (`~/bin/git`). */
  readonly homedir?: string;
  /** Where `checkAsync` loads the shell grammar from (default: this plugin's own files). */
  readonly grammar?: ShellGrammarFiles;
}

/** Characters that end a token when the catch-all reads a command's text (`ssh host 'git push'`, `--exec=git`). */
const SEPARATORS = /[\s;&|()<>`'"=,{}$\\:!]+/;

/**
 * The words the catch-all reads: every word's text split at separators, computed words and read scripts left out
 * (each leaves a gap). The command's own words when none needs either.
 */
function catchAllTokens(candidate: Candidate, words: readonly string[]): readonly string[] {
  const plain = candidate.words.every((w, i) => !w.opaque && !candidate.read?.has(w) && !SEPARATORS.test(words[i]!));
  if (plain) return words;
  const tokens: string[] = [];
  for (const w of candidate.words) {
    if (w.opaque || candidate.read?.has(w)) tokens.push('');
    else if (SEPARATORS.test(w.value)) {
      for (const token of w.value.split(SEPARATORS)) tokens.push(token);
      tokens.push('');
    } else tokens.push(w.value);
  }
  return tokens;
}

function strictest(matches: readonly MatchedRule[]): Decision | 'none' {
  let decision: Decision | 'none' = 'none';
  for (const m of matches) if (rank(m.decision) > rank(decision)) decision = m.decision;
  return decision;
}

/**
 * Judges a command by requirements rules and user rules. The argv is judged as given and so is every command it
 * can run: the commands of `sh -c` scripts (read with the tree-sitter-bash grammar when the fast reader cannot),
 * commands behind the wrappers of one declared table, and the requirements' patterns anywhere in a command's words.
 * What cannot be known from the text is at least `prompt`. The requirements' decision is computed on its own (paths
 * always fall back to basenames, no `host_executable` narrows them) and user rules can only make it stricter.
 */
export class CommandPolicy {
  /** Requirements rules (`origin.kind === 'requirements'`). */
  readonly requirements: RuleIndex;
  /** User rules, with the user's `host_executable` entries. */
  readonly user: RuleIndex;
  readonly #resolve: ProgramResolver;
  readonly #grammar: ShellGrammarFiles;

  /**
   * `rules` lists requirements and user rules (told apart by their origin), or gives each kind's rules by program (as
   * `openCompiledRules` does, decoding a program's rules on its first lookup).
   */
  constructor(
    rules: readonly PrefixRule[] | { readonly requirements: ProgramRules; readonly user: ProgramRules },
    hostExecutables: HostExecutables = new Map(),
    options: CommandPolicyOptions = {},
  ) {
    if ('requirements' in rules) {
      this.requirements = new RuleIndex(rules.requirements);
      this.user = new RuleIndex(rules.user, hostExecutables);
    } else {
      this.requirements = new RuleIndex(rules.filter((r) => r.origin.kind === 'requirements'));
      this.user = new RuleIndex(
        rules.filter((r) => r.origin.kind !== 'requirements'),
        hostExecutables,
      );
    }
    const { cwd, homedir } = options;
    this.#grammar = options.grammar ?? {};
    this.#resolve = (program) => {
      if (program.startsWith('~/')) return homedir === undefined ? undefined : posix.join(homedir, program.slice(2));
      return program.includes('/') && cwd !== undefined ? posix.resolve(cwd, program) : undefined;
    };
  }

  /**
   * Decides synchronously. A script that needs the shell grammar while it is not loaded is opaque (at least
   * `prompt`, `grammarNeeded` set): call `loadShellGrammar()` first, or use `checkAsync`.
   */
  check(argv: readonly string[]): CommandCheck {
    const analysis = analyze(argv);
    const required: MatchedRule[] = [];
    const users: MatchedRule[] = [];
    const commands: string[][] = [];
    for (const candidate of analysis.candidates) {
      const words = candidate.words.map((w) => w.value);
      const limit = candidate.words.findIndex((w) => w.opaque !== undefined);
      commands.push(words);
      this.#judge(words, limit, candidate.via, required, users);
      // Codex matches a script's words as written (quoted content verbatim, backslashes kept): judged too.
      if (candidate.words.some((w) => w.raw !== w.value)) {
        const written = candidate.words.map((w) => w.raw);
        commands.push(written);
        this.#judge(written, limit, candidate.via, required, users);
      }
      if (this.requirements.size > 0) {
        const tokens = catchAllTokens(candidate, words);
        // Position 0 of a command's own words is its prefix match, already judged.
        for (const m of this.requirements.catchAll(tokens, tokens === words ? 1 : 0))
          required.push(matched(m, words, 'prompt', candidate.via));
      }
    }
    const all = required.length === 0 ? users : users.length === 0 ? required : [...required, ...users];
    const list = dedupe(all);
    // What cannot be known is at least `prompt`, whatever the rules say.
    const atLeast = (d: Decision | 'none') =>
      analysis.opaque.length === 0 ? d : d === 'none' ? 'prompt' : stricter(d, 'prompt');
    const decision = atLeast(strictest(list));
    const userOnly = decision === 'prompt' && list.some((m) => m.decision === 'prompt' && m.rule.reviewer === 'user');
    return {
      decision,
      matched: list,
      commands,
      opaque: analysis.opaque,
      requirements: atLeast(strictest(required)),
      grammarNeeded: analysis.grammarNeeded,
      ...(userOnly && { reviewer: 'user' as const }),
    };
  }

  /**
   * Decides, loading the shell grammar first when a script needs it. If it cannot load, the synchronous answer
   * stands (such scripts at least `prompt`), with the reason it did not load.
   */
  async checkAsync(argv: readonly string[]): Promise<CommandCheck> {
    const first = this.check(argv);
    if (!first.grammarNeeded) return first;
    try {
      await loadShellGrammar(this.#grammar);
    } catch (error) {
      const reason = (error as Error)?.message ?? String(error);
      return { ...first, opaque: [...first.opaque, { reason, command: [...argv], via: [] }] };
    }
    return this.check(argv);
  }

  #judge(
    words: readonly string[],
    opaqueAt: number,
    via: readonly Step[],
    required: MatchedRule[],
    users: MatchedRule[],
  ): void {
    const limit = opaqueAt < 0 ? words.length : opaqueAt;
    if (limit === 0) return; // an unknown program: reported as opaque by the analysis
    const add = (into: MatchedRule[], found: readonly RuleMatch[]) => {
      for (const m of found) into.push(matched(m, words, m.kind ? 'prompt' : m.rule.decision, via));
    };
    if (this.requirements.size > 0) add(required, this.requirements.strictMatches(words, limit));
    if (this.user.size > 0) add(users, this.user.matches(words, { resolve: this.#resolve, limit }));
  }
}

/**
 * Every match, strictest first then most specific; a rule that matched as a prefix somewhere is not listed again
 * for possible (catch-all, opaque) matches.
 */
function dedupe(matches: MatchedRule[]): MatchedRule[] {
  if (matches.length <= 1) return matches;
  if (!matches.some((m) => m.kind)) return matches.sort(byStrictness);
  const prefixed = new Set(matches.filter((m) => !m.kind).map((m) => m.rule));
  const seen = new Set<PrefixRule>();
  const kept = matches.filter((m) => {
    if (!m.kind) return true;
    if (prefixed.has(m.rule) || seen.has(m.rule)) return false;
    seen.add(m.rule);
    return true;
  });
  return kept.sort(byStrictness);
}

const byStrictness = (a: MatchedRule, b: MatchedRule) =>
  rank(b.decision) - rank(a.decision) || b.matchedPrefix.length - a.matchedPrefix.length;

/** A match on a command, in one shape. */
const matched = (m: RuleMatch, command: readonly string[], decision: Decision, via: readonly Step[]): MatchedRule => ({
  rule: m.rule,
  matchedPrefix: m.matchedPrefix,
  resolvedProgram: m.resolvedProgram,
  kind: m.kind,
  command,
  decision,
  via,
});
