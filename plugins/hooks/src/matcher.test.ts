import { describe, expect, it } from 'vitest';
import { matcherProblem, matches } from './matcher.js';

describe('hook matchers', () => {
  it('none, "" and * match everything; plain names are an exact list', () => {
    for (const m of [undefined, '', '*']) expect(matches(m, 'Anything')).toBe(true);
    expect(matches('Edit|Write', 'Write')).toBe(true);
    expect(matches('Edit|Write', 'WriteFile')).toBe(false);
  });

  it('other matchers are Rust-syntax regexes searched anywhere in the value', () => {
    expect(matches('^Bash', 'BashOutput')).toBe(true);
    expect(matches('(?i)^bash$', 'Bash')).toBe(true);
    expect(matches('\\ABash\\z', 'Bash')).toBe(true);
    expect(matches('^[[:alpha:]]+$', 'Bash')).toBe(true);
    expect(matcherProblem('(?i)^bash$')).toBeUndefined();
  });

  it("what Rust's regex crate refuses is a problem (the group is skipped) and matches nothing", () => {
    expect(matcherProblem('^(?!Bash$).*')).toContain('look-around');
    expect(matches('^(?!Bash$).*', 'Edit')).toBe(false);
    expect(matcherProblem('(unclosed')).toBeDefined();
  });

  it('runs the hook where the engine could answer otherwise than Rust (\\b next to non-ASCII text)', () => {
    expect(matches('\\bBash\\b', 'Bash')).toBe(true);
    expect(matches('\\bBash\\b', 'BashOutput')).toBe(false);
    expect(matches('\\bBash\\b', 'Bash_é')).toBe(true);
  });
});
