import { posix } from 'node:path';
import {
  rank,
  type HostExecutables,
  type MatchKind,
  type PatternToken,
  type PrefixRule,
  type RuleMatch,
} from './model.js';

/** A rule filed at a trie node, with the part of its pattern not expanded into the trie (usually none). */
interface End {
  readonly rule: PrefixRule;
  readonly tail: readonly PatternToken[];
}

/** A trie node: rules whose (expanded part of the) pattern ends here, and children by the next token. */
interface Node {
  readonly ends: End[];
  readonly next: Map<string, Node>;
  /** The strictest `prompt` or `forbidden` rule filed at or below this node (set once every rule is filed). */
  strictest?: PrefixRule;
}

/**
 * How many trie paths one rule may be filed under. Alternatives multiply paths (`[a|b] [c|d]` is four), so
 * past this (one position's alternatives are always filed) the rest of the pattern is kept as a tail checked
 * word by word, instead of growing exponentially.
 */
const MAX_PATHS = 64;

/** Whether `tail` matches `words` from position `from` on. */
function tailMatches(tail: readonly PatternToken[], words: readonly string[], from: number): boolean {
  if (words.length < from + tail.length) return false;
  return tail.every((t, i) => (typeof t === 'string' ? t === words[from + i] : t.includes(words[from + i]!)));
}

const stricterRule = (a: PrefixRule | undefined, b: PrefixRule | undefined) =>
  !a || (b && rank(b.decision) > rank(a.decision)) ? b : a;

/** Sets `strictest` on every node, children before parents, without recursion (tries may be deep). */
function markStrictest(roots: Iterable<Node>): void {
  const order: Node[] = [];
  const stack = [...roots];
  while (stack.length > 0) {
    const at = stack.pop()!;
    order.push(at);
    for (const child of at.next.values()) stack.push(child);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    const at = order[i]!;
    let best: PrefixRule | undefined;
    for (const { rule } of at.ends) if (rule.decision !== 'allow') best = stricterRule(best, rule);
    for (const child of at.next.values()) best = stricterRule(best, child.strictest);
    if (best) at.strictest = best;
  }
}

/** A match with one shape whatever its kind (absent fields undefined), which keeps lookups monomorphic. */
const match = (
  rule: PrefixRule,
  matchedPrefix: readonly string[],
  resolvedProgram: string | undefined,
  kind: MatchKind | undefined,
): RuleMatch => ({ rule, matchedPrefix, resolvedProgram, kind });

/** How a program word is read when no rule names it as written: `~/bin/git`, `./git` → an absolute path, or none. */
export type ProgramResolver = (program: string) => string | undefined;

const node = (): Node => ({ ends: [], next: new Map() });

/** Rules by program, each program's in their order, found when first asked for; `size` counts every rule. */
export interface ProgramRules {
  readonly size: number;
  of(program: string): readonly PrefixRule[] | undefined;
}

/** Rules listed in order, grouped by program. */
function byProgram(rules: readonly PrefixRule[]): ProgramRules {
  const programs = new Map<string, PrefixRule[]>();
  for (const rule of rules) {
    const list = programs.get(rule.program);
    if (list) list.push(rule);
    else programs.set(rule.program, [rule]);
  }
  return { size: rules.length, of: (program) => programs.get(program) };
}

/**
 * Rules compiled into a trie keyed by tokens: the program, then each later token (a rule with alternatives at
 * a position is filed under each). A lookup walks as many levels as the command has words, so its cost does
 * not grow with the number of rules.
 */
export class RuleIndex {
  /** Programs whose trie is built (null: no rule names it). */
  readonly #root = new Map<string, Node | null>();
  /** Rules by program, each program's trie built on its first lookup. */
  readonly #rules: ProgramRules;
  readonly size: number;

  constructor(
    rules: readonly PrefixRule[] | ProgramRules,
    readonly hostExecutables: HostExecutables = new Map(),
  ) {
    this.#rules = 'of' in rules ? rules : byProgram(rules);
    this.size = this.#rules.size;
  }

  /** The trie of one program, built (with its `strictest` marks) the first time it is asked for. */
  #program(name: string): Node | undefined {
    const built = this.#root.get(name);
    if (built !== undefined) return built ?? undefined;
    const rules = this.#rules.of(name);
    if (rules === undefined) {
      this.#root.set(name, null);
      return undefined;
    }
    const root = node();
    this.#root.set(name, root);
    for (const rule of rules) this.#insert(rule, root);
    markStrictest([root]);
    return root;
  }

  #insert(rule: PrefixRule, root: Node): void {
    let level: Node[] = [root];
    let filed = 0;
    for (const token of rule.rest) {
      const keys = new Set(typeof token === 'string' ? [token] : token);
      if (level.length > 1 && level.length * keys.size > MAX_PATHS) break;
      filed++;
      const below: Node[] = [];
      for (const at of level) {
        for (const key of keys) {
          let child = at.next.get(key);
          if (!child) at.next.set(key, (child = node()));
          below.push(child);
        }
      }
      level = below;
    }
    const tail = rule.rest.slice(filed);
    for (const at of new Set(level)) at.ends.push({ rule, tail });
  }

  /**
   * Every rule whose pattern is a prefix of `words[from…]` when its first word is read as `program`. Words from
   * `limit` on are computed at run time: rules needing them are not matched, but the strictest `prompt`/`forbidden`
   * rule they could complete is reported as a possible match (kind `opaque`).
   */
  #walk(
    program: string,
    words: readonly string[],
    into: RuleMatch[],
    resolvedProgram?: string,
    limit = words.length,
    from = 0,
    kind?: MatchKind,
  ): void {
    let at = this.#program(program);
    let depth = 1;
    const length = Math.min(limit, words.length) - from;
    while (at) {
      for (const { rule, tail } of at.ends) {
        if (kind === 'catch-all' && rule.decision === 'allow') continue;
        if (tail.length > 0 && (depth + tail.length > length || !tailMatches(tail, words, from + depth))) continue;
        const matchedPrefix = [program, ...words.slice(from + 1, from + depth + tail.length)];
        into.push(match(rule, matchedPrefix, resolvedProgram, kind));
      }
      if (depth >= length) break;
      at = at.next.get(words[from + depth]!);
      depth++;
    }
    if (at?.strictest && depth === length && limit < words.length && kind === undefined)
      into.push(match(at.strictest, [program, ...words.slice(1, limit + 1)], resolvedProgram, 'opaque'));
  }

  /**
   * The rules matching one command, as Codex matches user rules: rules keyed by the literal first word win
   * outright; only when none matches does a path fall back to rules for its basename, and then only if no
   * `host_executable` entry for that name exists or the entry lists this path. An absolute path is normalized;
   * `resolve` may turn a relative or `~/` path into one (Codex resolves them against the working directory).
   */
  matches(words: readonly string[], options: { resolve?: ProgramResolver; limit?: number } = {}): RuleMatch[] {
    const found: RuleMatch[] = [];
    const program = words[0];
    if (program === undefined) return found;
    this.#walk(program, words, found, undefined, options.limit);
    if (found.length > 0) return found;
    const path = program.startsWith('/') ? posix.normalize(program) : options.resolve?.(program);
    if (path === undefined) return found;
    const name = posix.basename(path);
    const allowed = this.hostExecutables.get(name);
    if (allowed !== undefined && !allowed.includes(path)) return found;
    this.#walk(name, words, found, path, options.limit);
    return found;
  }

  /**
   * The rules matching one command, read strictly (for requirements rules): the program as written, and when it
   * is a path of any kind (`/usr/bin/git`, `./git`, `~/bin/git`, `bin/git`), its basename's rules as well.
   */
  strictMatches(words: readonly string[], limit = words.length): RuleMatch[] {
    const found: RuleMatch[] = [];
    const program = words[0];
    if (program === undefined) return found;
    this.#walk(program, words, found, undefined, limit);
    if (!program.includes('/')) return found;
    const path = program.startsWith('/') ? posix.normalize(program) : program;
    const name = posix.basename(path);
    if (name !== program && name !== '' && name !== '.' && name !== '..') this.#walk(name, words, found, path, limit);
    return found;
  }

  /**
   * Every `prompt` or `forbidden` rule whose whole pattern appears in `tokens` at some position (the first pattern
   * token by basename): a command carrying it may run it (`valgrind git push`, `ssh host 'git push'`).
   */
  catchAll(tokens: readonly string[], start = 0): RuleMatch[] {
    const found: RuleMatch[] = [];
    for (let i = start; i < tokens.length; i++) {
      const token = tokens[i]!;
      const name = token.includes('/') ? posix.basename(token.replace(/\/+$/, '')) : token;
      if (this.#program(name)?.strictest) this.#walk(name, tokens, found, undefined, tokens.length, i, 'catch-all');
    }
    return found;
  }
}
