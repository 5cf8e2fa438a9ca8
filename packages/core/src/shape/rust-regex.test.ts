import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rustRegex } from './rust-regex.js';

const test = (pattern: string, value: string, anchored = false) => {
  const r = rustRegex(pattern, { anchored });
  if (!r.ok) throw new Error(r.reason);
  return r.regex.test(value);
};
const refused = (pattern: string) => {
  const r = rustRegex(pattern);
  return r.ok ? undefined : r.reason;
};

describe('rustRegex: Rust regex syntax in JavaScript', () => {
  it('leading inline flags become JavaScript flags', () => {
    expect(test('(?i)^bash$', 'BASH')).toBe(true);
    expect(test('(?is)a.b', 'A\nB')).toBe(true);
    expect(test('(?m)^b$', 'a\nb')).toBe(true);
    expect(test('^b$', 'a\nb')).toBe(false);
  });

  it('\\A, \\z, (?P<name>), POSIX classes, \\x{..} and escaped punctuation', () => {
    expect(test('\\ABash\\z', 'Bash')).toBe(true);
    expect(test('\\ABash\\z', 'Bash\n')).toBe(false);
    expect(test('(?m)\\Ab$', 'a\nb')).toBe(false);
    expect(test('(?P<tool>Bash)', 'Bash')).toBe(true);
    expect(test('^[[:alpha:]]+$', 'Bash')).toBe(true);
    expect(test('^[[:alpha:]]+$', 'Bash1')).toBe(false);
    expect(test('^[[:digit:][:upper:]]+$', 'A1')).toBe(true);
    expect(test('^\\x{41}\\-\\#$', 'A-#')).toBe(true);
    expect(test('^[]a]+$', ']a')).toBe(true);
  });

  it('refuses what the Rust crate refuses: look-around and backreferences', () => {
    for (const p of ['^(?!Bash$).*', '(?=a)', '(?<=a)b', '(?<!a)b', '(a)\\1', '(?P<x>a)(?P=x)', '\\k<x>'])
      expect(refused(p), p).toBeDefined();
  });

  it('refuses what it cannot translate faithfully rather than guessing', () => {
    for (const p of ['a(?i)b', '(?x) a', '(?i:a)', '[a-z&&[^aeiou]]', '[[:^alpha:]]', 'a\\', '[abc', 'a)|(b'])
      expect(refused(p), p).toBeDefined();
  });

  it('anchored matches the whole text only, even under (?m), and an alternation cannot escape the anchors', () => {
    expect(test('https://example\\.com/mcp', 'https://example.com/mcp', true)).toBe(true);
    expect(test('https://example\\.com/mcp', 'https://example.com/mcp/x', true)).toBe(false);
    expect(test('(?m)a', 'a\nb', true)).toBe(false);
    expect(test('a|b', 'ab', true)).toBe(false);
    expect(test('(?i)HTTPS://EXAMPLE\\.COM', 'https://example.com', true)).toBe(true);
  });

  it('a plain pattern without Rust-only syntax means the same as in JavaScript (fast-check seed 20261121)', () => {
    const plain = fc.stringMatching(/^[a-z.*+?|^$]{0,8}$/);
    fc.assert(
      fc.property(plain, fc.stringMatching(/^[a-z]{0,6}$/), (pattern, value) => {
        let js: RegExp;
        try {
          js = new RegExp(pattern, 'u');
        } catch {
          return;
        }
        const r = rustRegex(pattern);
        expect(r.ok).toBe(true);
        if (r.ok) expect(r.regex.test(value)).toBe(js.test(value));
      }),
      { seed: 20261121, numRuns: 500 },
    );
  });
});
