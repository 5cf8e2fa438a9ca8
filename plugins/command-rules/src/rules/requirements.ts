import {
  abbreviate,
  closest,
  expectArray,
  expectString,
  expectTable,
  isTable,
  typeName,
  type Reporter,
  type Table,
} from '@ratchet/core';
import { joinShellWords, splitShellWords } from '../starlark/shlex.js';
import { RuleIndex } from './index.js';
import {
  DECISIONS,
  describePattern,
  type Decision,
  type PatternToken,
  type PrefixRule,
  type RuleOrigin,
} from './model.js';

const RULES_KEYS = ['prefix_rules'];
const RULE_KEYS = ['pattern', 'decision', 'justification', 'reviewer', 'match', 'not_match'];
const TOKEN_KEYS = ['token', 'any_of'];
/**
 * The decisions a requirements rule may take, as spelled there: it can only make a command stricter. `prompt-user`
 * is a prompt that only the user may approve, never an automatic reviewer (Codex 0.171; refused in .rules files).
 */
export const REQUIREMENT_DECISIONS = ['prompt', 'prompt-user', 'forbidden'] as const;
const DECISION_FIX = 'use decision = "prompt", "prompt-user" or "forbidden"';
/** Every error reads `invalid rules in requirements (set by <source>): <reason>`, as Codex words them; warnings pass through. */
function rulesReporter(report: Reporter, source: string): Reporter {
  const prefix = `invalid rules in requirements (set by ${source}): `;
  return (entry) => report(entry.severity === 'error' ? { ...entry, message: prefix + entry.message } : entry);
}

/** Serde's text for a string outside an enum's variants. */
function unknownVariant(value: string, variants: readonly string[]): string {
  const names = variants.map((v) => `\`${v}\``);
  const expected = names.length === 2 ? `${names[0]} or ${names[1]}` : `one of ${names.join(', ')}`;
  return `unknown variant \`${abbreviate(value)}\`, expected ${expected}`;
}

/** Keys outside `known` are ignored, as Codex ignores them (no deny_unknown_fields); each is a warning naming the known keys. */
function unknownKeys(table: Table, key: string, known: readonly string[], report: Reporter): void {
  for (const name of Object.keys(table)) {
    if (known.includes(name)) continue;
    const near = closest(name, known);
    report({
      severity: 'warning',
      kind: 'unknown-key',
      key: `${key}.${name}`,
      message: `unknown key "${abbreviate(name)}" in [rules] is ignored`,
      suggestion: `${near === undefined ? '' : `did you mean "${near}"? `}known keys: ${known.join(', ')}`,
    });
  }
}

/** One pattern token: `{ token = "git" }` or `{ any_of = ["push", "commit"] }`; blank tokens are refused, tokens are not trimmed. */
function parseToken(raw: unknown, key: string, at: string, report: Reporter): string[] | undefined {
  if (!isTable(raw)) {
    report({
      severity: 'error',
      kind: 'invalid-type',
      key,
      message: `${at}: expected a table, found ${typeName(raw)}`,
      suggestion: 'write each pattern element as { token = "git" } or { any_of = ["push", "commit"] }',
    });
    return undefined;
  }
  unknownKeys(raw, key, TOKEN_KEYS, report);
  const bad = (reason: string, fix: string) => (
    report({ severity: 'error', kind: 'invalid-value', key, message: `${at}: ${reason}`, suggestion: fix }),
    undefined
  );
  if (raw.token !== undefined && raw.any_of !== undefined)
    return bad('set either token or any_of, not both', 'keep one of token and any_of');
  if (raw.token === undefined && raw.any_of === undefined)
    return bad('set either token or any_of', 'write { token = "..." } or { any_of = [...] }');
  if (raw.token !== undefined) {
    const token = expectString(raw.token, `${key}.token`, report);
    if (token === undefined) return undefined;
    return token.trim() === ''
      ? bad('token cannot be empty', 'write the program or argument the rule matches')
      : [token];
  }
  const list = expectArray(raw.any_of, `${key}.any_of`, report, 'strings');
  if (!list) return undefined;
  if (list.length === 0) return bad('any_of cannot be empty', 'list at least one alternative');
  const words = list.map((w, i) => expectString(w, `${key}.any_of[${i}]`, report));
  if (words.some((w) => w === undefined)) return undefined;
  return words.some((w) => w!.trim() === '')
    ? bad('any_of cannot include empty tokens', 'remove the blank alternative')
    : (words as string[]);
}

/** Examples: each a shell string (split as a shell would) or a list of words, as in `.rules` files. */
function parseExamples(raw: unknown, key: string, report: Reporter): string[][] | undefined {
  const list = expectArray(raw, key, report, 'examples');
  if (!list) return undefined;
  const examples: string[][] = [];
  for (const [i, example] of list.entries()) {
    const words =
      typeof example === 'string'
        ? splitShellWords(example)
        : Array.isArray(example) && example.every((w) => typeof w === 'string')
          ? example
          : undefined;
    if (words === undefined || words.length === 0) {
      report({
        severity: 'error',
        kind: 'invalid-value',
        key: `${key}[${i}]`,
        message: `example ${i} must be a non-empty shell string or list of strings (got ${abbreviate(JSON.stringify(example) ?? typeName(example))})`,
        suggestion: 'write match = ["git push origin main"] or match = [["git", "push"]]',
      });
      return undefined;
    }
    examples.push(words);
  }
  return examples;
}

/** Checks a rule's `not_match` examples (none may match) and `match` examples (each must match), as `.rules` files do. */
function checkExamples(rules: readonly PrefixRule[], table: Table, key: string, at: string, report: Reporter): void {
  const index = new RuleIndex(rules);
  const notMatches = table.not_match === undefined ? [] : parseExamples(table.not_match, `${key}.not_match`, report);
  const matches = table.match === undefined ? [] : parseExamples(table.match, `${key}.match`, report);
  for (const example of notMatches ?? []) {
    if (index.matches(example).length === 0) continue;
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: `${key}.not_match`,
      message: `${at}: expected example to not match rule \`${describePattern(rules[0]!)}\`: ${joinShellWords(example)}`,
      suggestion: 'fix the pattern or the example',
    });
  }
  const unmatched = (matches ?? []).filter((example) => index.matches(example).length === 0);
  if (unmatched.length > 0) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: `${key}.match`,
      message: `${at}: expected every example to match rule \`${describePattern(rules[0]!)}\`; unmatched: ${unmatched.map(joinShellWords).join(', ')}`,
      suggestion: 'fix the pattern or the example',
    });
  }
}

/** A requirements decision: `prompt`, `prompt-user` (a prompt for the user only) or `forbidden`; a missing decision, `allow` and any other spelling are errors. */
function parseDecision(
  value: unknown,
  key: string,
  at: string,
  report: Reporter,
): { decision: Decision; userOnly: boolean } | undefined {
  if (value === undefined) {
    report({
      severity: 'error',
      kind: 'missing-key',
      key,
      message: `${at} is missing a decision`,
      suggestion: DECISION_FIX,
    });
    return undefined;
  }
  const raw = expectString(value, key, report);
  if (raw === 'prompt-user') return { decision: 'prompt', userOnly: true };
  if (raw === 'prompt' || raw === 'forbidden') return { decision: raw, userOnly: false };
  if (raw === 'allow') {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key,
      message: `${at} has decision 'allow', which is not permitted in requirements.toml: Codex merges these rules with other config and uses the most restrictive result (use 'prompt', 'prompt-user', or 'forbidden')`,
      suggestion: DECISION_FIX,
    });
  } else if (raw !== undefined)
    report({
      severity: 'error',
      kind: 'unknown-value',
      key,
      message: unknownVariant(raw, [...DECISIONS, 'prompt-user']),
      suggestion: DECISION_FIX,
    });
  return undefined;
}

/**
 * A rule's `reviewer`, which Codex 0.171 ignores with a warning. `reviewer = "user"` on a prompt still keeps that
 * prompt for the user (what `prompt-user` says): ignoring it would let an automatic reviewer approve what the
 * administrator reserved for a person.
 */
function readReviewer(rule: Table, key: string, report: Reporter): boolean {
  if (rule.reviewer === undefined) return false;
  const keeps = rule.reviewer === 'user' && rule.decision === 'prompt';
  report({
    severity: 'warning',
    kind: keeps ? 'deprecated-key' : 'not-enforced',
    key: `${key}.reviewer`,
    message: keeps
      ? `\`${key}.reviewer\` is ignored by Codex 0.171; Ratchet still keeps this prompt for the user only`
      : `\`${key}.reviewer\` is ignored`,
    suggestion: keeps ? 'write decision = "prompt-user" and remove reviewer' : 'remove reviewer',
  });
  return keeps;
}

function parseRule(raw: unknown, index: number, file: string, report: Reporter): PrefixRule[] {
  const key = `rules.prefix_rules[${index}]`;
  const at = `rules prefix_rule at index ${index}`;
  const rule = expectTable(raw, key, report);
  if (!rule) return [];
  unknownKeys(rule, key, RULE_KEYS, report);
  const justification =
    rule.justification === undefined ? undefined : expectString(rule.justification, `${key}.justification`, report);
  if (justification !== undefined && justification.trim() === '') {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: `${key}.justification`,
      message: `${at} has an empty justification`,
      suggestion: 'explain the rule, or remove justification',
    });
  }
  const pattern = expectArray(rule.pattern ?? [], `${key}.pattern`, report, 'pattern tokens');
  if (pattern && pattern.length === 0) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: `${key}.pattern`,
      message: `${at} has an empty pattern`,
      suggestion: 'write pattern = [{ token = "git" }, ...]',
    });
  }
  const tokens = (pattern ?? []).map((t, i) =>
    parseToken(t, `${key}.pattern[${i}]`, `${at} has an invalid pattern token at index ${i}`, report),
  );
  const parsed = parseDecision(rule.decision, `${key}.decision`, at, report);
  const userOnly = readReviewer(rule, key, report) || parsed?.userOnly === true;
  if (!parsed || tokens.length === 0 || tokens.some((t) => t === undefined)) return [];
  const [first, ...rest] = tokens as string[][];
  const origin: RuleOrigin = { kind: 'requirements', file, at: key };
  const later: PatternToken[] = rest.map((alts) => (alts.length === 1 ? alts[0]! : alts));
  const rules = [...new Set(first)].map((program) => ({
    program,
    rest: later,
    decision: parsed.decision,
    ...(justification !== undefined && { justification }),
    ...(userOnly && { reviewer: 'user' as const }),
    origin,
  }));
  checkExamples(rules, rule, key, at, report);
  return rules;
}

/** Parses `[rules].prefix_rules` of one requirements layer; a first-position any_of becomes one rule per program. */
export function parseRequirementRules(raw: unknown, file: string, reporter: Reporter): PrefixRule[] | undefined {
  const report = rulesReporter(reporter, file);
  const table = expectTable(raw, 'rules', report);
  if (!table) return undefined;
  unknownKeys(table, 'rules', RULES_KEYS, report);
  const list = expectArray(table.prefix_rules ?? [], 'rules.prefix_rules', report, 'rules');
  if (!list) return undefined;
  if (list.length === 0) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: 'rules.prefix_rules',
      message: `rules prefix_rules cannot be empty`,
      suggestion: 'add a rule, or remove [rules]',
    });
    return undefined;
  }
  return list.flatMap((rule, i) => parseRule(rule, i, file, report));
}

/** Back to `[rules]`: one table per rule. */
export function printRequirementRules(rules: readonly PrefixRule[]): Table {
  const token = (t: PatternToken) => (typeof t === 'string' ? { token: t } : { any_of: [...t] });
  return {
    rules: {
      prefix_rules: rules.map((r) => ({
        pattern: [{ token: r.program }, ...r.rest.map(token)],
        decision: r.reviewer === 'user' ? 'prompt-user' : r.decision,
        ...(r.justification !== undefined && { justification: r.justification }),
      })),
    },
  };
}
