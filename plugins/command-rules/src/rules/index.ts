import { posix } from 'node:path';
import type { HostExecutables, PatternToken, PrefixRule, RuleMatch } from './model.js';

/** A rule filed at a trie node, with the part of its pattern not expanded into the trie (usually none). */
interface End {
  readonly rule: PrefixRule;
  readonly tail: readonly PatternToken[];
}

/** A trie node: rules whose (expanded part of the) pattern ends here, and children by the next token. */
interface Node {
  readonly ends: End[];
  readonly next: Map<string, Node>;
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

const node = (): Node => ({ ends: [], next: new Map() });

/**
 * Rules compiled into a trie keyed by tokens: the program, then each later token (a rule with alternatives at
 * a position is filed under each). A lookup walks as many levels as the command has words, so its cost does
 * not grow with the number of rules.
 */
export class RuleIndex {
  readonly #root = new Map<string, Node>();
  readonly size: number;

  constructor(
    readonly rules: readonly PrefixRule[],
    readonly hostExecutables: HostExecutables = new Map(),
  ) {
    for (const rule of rules) this.#insert(rule);
    this.size = rules.length;
  }

  #insert(rule: PrefixRule): void {
    let level: Node[] = [this.#root.get(rule.program) ?? this.#root.set(rule.program, node()).get(rule.program)!];
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

  /** Every rule whose pattern is a prefix of `words` when the first word is read as `program`. */
  #walk(program: string, words: readonly string[], into: RuleMatch[], resolvedProgram?: string): void {
    let at = this.#root.get(program);
    let depth = 1;
    while (at) {
      for (const { rule, tail } of at.ends) {
        if (tail.length > 0 && !tailMatches(tail, words, depth)) continue;
        const matchedPrefix = [program, ...words.slice(1, depth + tail.length)];
        into.push(resolvedProgram === undefined ? { rule, matchedPrefix } : { rule, matchedPrefix, resolvedProgram });
      }
      if (depth >= words.length) break;
      at = at.next.get(words[depth]!);
      depth++;
    }
  }

  /**
   * The rules matching one command. Rules keyed by the literal first word win outright; only when none
   * matches does an absolute path fall back to rules for its basename, and then only if no
   * `host_executable` entry for that name exists or the entry lists this path.
   */
  matches(words: readonly string[]): RuleMatch[] {
    const found: RuleMatch[] = [];
    const program = words[0];
    if (program === undefined) return found;
    this.#walk(program, words, found);
    if (found.length > 0 || !program.startsWith('/')) return found;
    const path = posix.normalize(program);
    const name = posix.basename(path);
    const allowed = this.hostExecutables.get(name);
    if (allowed !== undefined && !allowed.includes(path)) return found;
    this.#walk(name, words, found, path);
    return found;
  }
}
