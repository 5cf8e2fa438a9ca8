import { expectStringList, type Reporter } from '@ratchet/core';
import { checkPattern } from './rules.js';

/**
 * Parses `review_domains` (inside the network requirement table, as Codex 0.171 reads it): host patterns whose
 * allowed connections still need review. Each pattern is checked as an allow pattern; the list is kept sorted and
 * without repeats, so equal requirements compare equal. Undefined when the list or any pattern is invalid.
 */
export function parseReviewDomains(raw: unknown, key: string, report: Reporter): string[] | undefined {
  const list = expectStringList(raw, key, report);
  if (!list) return undefined;
  const out = new Set<string>();
  let failed = false;
  list.forEach((pattern, i) => {
    const normalized = checkPattern(pattern, 'allow', `${key}[${i}]`, report);
    if (normalized === undefined) failed = true;
    else out.add(normalized);
  });
  return failed ? undefined : [...out].sort();
}
