/** Why a matcher cannot be used (an invalid regular expression), or undefined when it can. */
export function matcherProblem(matcher: string | undefined): string | undefined {
  if (matcher === undefined || matcher === '' || matcher === '*' || /^[A-Za-z0-9_|]+$/.test(matcher)) return undefined;
  try {
    new RegExp(matcher, 'u');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Codex's matcher: none, `""` or `*` match everything; plain names (`Bash`, `Edit|Write`) are an exact list;
 * anything else is a regular expression searched anywhere in the value (`^Bash` matches `BashOutput`).
 */
export function matches(matcher: string | undefined, value: string): boolean {
  if (matcher === undefined || matcher === '' || matcher === '*') return true;
  if (/^[A-Za-z0-9_|]+$/.test(matcher)) return matcher.split('|').includes(value);
  try {
    return new RegExp(matcher, 'u').test(value);
  } catch {
    return false;
  }
}
