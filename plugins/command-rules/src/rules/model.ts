import type { UserRules } from '../starlark/rules-file.js';

/** Every decision on a command, from least to most restrictive. */
export const DECISIONS = ['allow', 'prompt', 'forbidden'] as const;

/** A decision on a command. */
export type Decision = (typeof DECISIONS)[number];

const RANK: Readonly<Record<Decision, number>> = { allow: 0, prompt: 1, forbidden: 2 };

/** The more restrictive of two decisions. */
export function stricter(a: Decision, b: Decision): Decision {
  return RANK[a] >= RANK[b] ? a : b;
}

export function rank(decision: Decision | 'none'): number {
  return decision === 'none' ? -1 : RANK[decision];
}

/** A pattern position after the first: one token, or alternatives (any one of them). */
export type PatternToken = string | readonly string[];

/** Where a rule was written: requirements (file and `rules.prefix_rules[i]`) or a user rules file (file, line, column). */
export interface RuleOrigin {
  readonly kind: 'requirements' | 'user';
  readonly file: string;
  /** `rules.prefix_rules[0]`, or `3:1` (line:column) in a rules file. */
  readonly at: string;
}

/** One prefix rule, keyed by its program (a rule whose first position has alternatives becomes one rule per program). */
/** Who alone may approve a prompt, when not anyone (requirements rules only). */
export const REVIEWERS = ['user'] as const;
export type Reviewer = (typeof REVIEWERS)[number];

export interface PrefixRule {
  readonly program: string;
  readonly rest: readonly PatternToken[];
  readonly decision: Decision;
  readonly justification?: string;
  /** `user` on a requirements prompt written `prompt-user`: only the user may approve it, never an automatic reviewer. */
  readonly reviewer?: Reviewer;
  readonly origin: RuleOrigin;
}

/** `host_executable(name, paths)`: the absolute paths a bare program name may stand for; `[]` allows none. */
export type HostExecutables = ReadonlyMap<string, readonly string[]>;

/**
 * How a rule matched beyond a plain prefix: `catch-all` when its pattern appears inside the command's words (which
 * may run it), `opaque` when words computed at run time may complete it. Either gives at most `prompt`.
 */
export type MatchKind = 'catch-all' | 'opaque';

/** How a rule matched a command. */
export interface RuleMatch {
  /** Set when the rule only may apply (see MatchKind); absent for a prefix match. */
  readonly kind?: MatchKind;
  readonly rule: PrefixRule;
  /** The command words the pattern covered (with the program's basename when resolved from an absolute path). */
  readonly matchedPrefix: readonly string[];
  /** The absolute path the program was resolved from, when the rule matched by basename. */
  readonly resolvedProgram?: string;
}

/** The pattern as written: `git [push|commit]`. */
export function describePattern(rule: PrefixRule): string {
  return [rule.program, ...rule.rest.map((t) => (typeof t === 'string' ? t : `[${t.join('|')}]`))].join(' ');
}

/** No user rules: what a session without `.rules` files has. */
export const NO_USER_RULES: UserRules = Object.freeze({
  rules: [],
  hostExecutables: new Map<string, readonly string[]>(),
});
