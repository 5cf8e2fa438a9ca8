import { abbreviate, expectArray, expectString, expectTable, isTable, typeName, type Reporter, type Table } from '@ratchet/core';
import type { Decision, PatternToken, PrefixRule, RuleOrigin } from './model.js';

const RULE_KEYS = ['pattern', 'decision', 'justification', 'reviewer'];
const REVIEWERS = ['user', 'auto_review'] as const;
const PREFIX = 'invalid rules in requirements:';

function unknownKeys(table: Table, key: string, known: readonly string[], report: Reporter): void {
  for (const name of Object.keys(table)) {
    if (!known.includes(name)) report.error(`${key}.${name}`, 'unknown-key', `${PREFIX} unknown key "${abbreviate(name)}"`, `use ${known.join(', ')}`);
  }
}

/** One pattern token: `{ token = "git" }` or `{ any_of = ["push", "commit"] }`; blank tokens are refused, tokens are not trimmed. */
function parseToken(raw: unknown, key: string, at: string, report: Reporter): string[] | undefined {
  if (!isTable(raw)) {
    report.error(key, 'invalid-type', `${PREFIX} ${at}: expected a table, found ${typeName(raw)}`,
      'write each pattern element as { token = "git" } or { any_of = ["push", "commit"] }');
    return undefined;
  }
  unknownKeys(raw, key, ['token', 'any_of'], report);
  const bad = (reason: string, fix: string) => (report.error(key, 'invalid-value', `${PREFIX} ${at}: ${reason}`, fix), undefined);
  if (raw.token !== undefined && raw.any_of !== undefined) return bad('set either token or any_of, not both', 'keep one of token and any_of');
  if (raw.token === undefined && raw.any_of === undefined) return bad('set either token or any_of', 'write { token = "..." } or { any_of = [...] }');
  if (raw.token !== undefined) {
    const token = expectString(raw.token, `${key}.token`, report);
    if (token === undefined) return undefined;
    return token.trim() === '' ? bad('token cannot be empty', 'write the program or argument the rule matches') : [token];
  }
  const list = expectArray(raw.any_of, `${key}.any_of`, report, 'strings');
  if (!list) return undefined;
  if (list.length === 0) return bad('any_of cannot be empty', 'list at least one alternative');
  const words = list.map((w, i) => expectString(w, `${key}.any_of[${i}]`, report));
  if (words.some((w) => w === undefined)) return undefined;
  return words.some((w) => w!.trim() === '') ? bad('any_of cannot include empty tokens', 'remove the blank alternative') : (words as string[]);
}

function parseRule(raw: unknown, index: number, file: string, report: Reporter): PrefixRule[] {
  const key = `rules.prefix_rules[${index}]`;
  const at = `rules prefix_rule at index ${index}`;
  const rule = expectTable(raw, key, report);
  if (!rule) return [];
  unknownKeys(rule, key, RULE_KEYS, report);
  const justification = rule.justification === undefined ? undefined : expectString(rule.justification, `${key}.justification`, report);
  if (justification !== undefined && justification.trim() === '') {
    report.error(`${key}.justification`, 'invalid-value', `${PREFIX} ${at} has an empty justification`, 'explain the rule, or remove justification');
  }
  const pattern = expectArray(rule.pattern ?? [], `${key}.pattern`, report, 'pattern tokens');
  if (pattern && pattern.length === 0) {
    report.error(`${key}.pattern`, 'invalid-value', `${PREFIX} ${at} has an empty pattern`, 'write pattern = [{ token = "git" }, ...]');
  }
  const tokens = (pattern ?? []).map((t, i) => parseToken(t, `${key}.pattern[${i}]`, `${at} has an invalid pattern token at index ${i}`, report));
  let decision: Decision | undefined;
  if (rule.decision === undefined) {
    report.error(`${key}.decision`, 'missing-key', `${PREFIX} ${at} is missing a decision`, 'add decision = "prompt" or "forbidden"');
  } else if (rule.decision === 'allow') {
    report.error(`${key}.decision`, 'invalid-value',
      `${PREFIX} ${at} has decision 'allow', which is not permitted in requirements.toml: rules merge with other config and the most restrictive result is used (use 'prompt' or 'forbidden')`,
      'use decision = "prompt" or "forbidden"');
  } else if (rule.decision === 'prompt' || rule.decision === 'forbidden') {
    decision = rule.decision;
  } else {
    report.error(`${key}.decision`, 'unknown-value', `${PREFIX} ${at} has unknown decision ${JSON.stringify(rule.decision)}`, 'use decision = "prompt" or "forbidden"');
  }
  let reviewer: PrefixRule['reviewer'];
  if (rule.reviewer !== undefined) {
    if (!REVIEWERS.includes(rule.reviewer as never)) {
      report.error(`${key}.reviewer`, 'unknown-value', `${PREFIX} ${at} has unknown reviewer ${JSON.stringify(rule.reviewer)}`, 'use reviewer = "user" or "auto_review"');
    } else if (rule.decision !== 'prompt') {
      report.error(`${key}.reviewer`, 'invalid-value', `${PREFIX} ${at} has a reviewer, but reviewer is only valid with decision 'prompt'`, 'remove reviewer, or use decision = "prompt"');
    } else reviewer = rule.reviewer as PrefixRule['reviewer'];
  }
  if (!decision || tokens.length === 0 || tokens.some((t) => t === undefined)) return [];
  const [first, ...rest] = tokens as string[][];
  const origin: RuleOrigin = { kind: 'requirements', file, at: key };
  const later: PatternToken[] = rest.map((alts) => (alts.length === 1 ? alts[0]! : alts));
  return [...new Set(first)].map((program) => ({
    program,
    rest: later,
    decision: decision!,
    ...(justification !== undefined && { justification }),
    ...(reviewer && { reviewer }),
    origin,
  }));
}

/** Parses `[rules].prefix_rules` of one requirements layer; a first-position any_of becomes one rule per program. */
export function parseRequirementRules(raw: unknown, file: string, report: Reporter): PrefixRule[] | undefined {
  const table = expectTable(raw, 'rules', report);
  if (!table) return undefined;
  unknownKeys(table, 'rules', ['prefix_rules'], report);
  const list = expectArray(table.prefix_rules ?? [], 'rules.prefix_rules', report, 'rules');
  if (!list) return undefined;
  if (list.length === 0) {
    report.error('rules.prefix_rules', 'invalid-value', `${PREFIX} rules prefix_rules cannot be empty`, 'add a rule, or remove [rules]');
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
        decision: r.decision,
        ...(r.justification !== undefined && { justification: r.justification }),
        ...(r.reviewer && { reviewer: r.reviewer }),
      })),
    },
  };
}
