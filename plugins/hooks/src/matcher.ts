import { rustRegex } from '@ratchet/core';

const isPlainList = (matcher: string) => /^[A-Za-z0-9_|]+$/.test(matcher);
const matchesAll = (matcher: string | undefined) => matcher === undefined || matcher === '' || matcher === '*';

/** Why a matcher cannot be used (not a regular expression Rust's `regex` crate accepts), or undefined when it can. */
export function matcherProblem(matcher: string | undefined): string | undefined {
  if (matchesAll(matcher) || isPlainList(matcher)) return undefined;
  const compiled = rustRegex(matcher);
  return compiled.ok ? undefined : compiled.reason;
}

/**
 * Codex's matcher: none, `""` or `*` match everything; plain names (`Bash`, `Edit|Write`) are an exact list;
 * anything else is a Rust-syntax regular expression searched anywhere in the value (`^Bash` matches `BashOutput`).
 * Where the engine could answer otherwise than Rust, the hook runs: a managed hook is never skipped on a doubt.
 */
export function matches(matcher: string | undefined, value: string): boolean {
  if (matchesAll(matcher)) return true;
  if (isPlainList(matcher)) return matcher.split('|').includes(value);
  const compiled = rustRegex(matcher);
  return compiled.ok && (compiled.regex.unsure(value) || compiled.regex.test(value));
}
