import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rustRegex } from './rust-regex.js';
import { jsRustRegex } from './rust-regex-js.test-helper.js';

const test = (pattern: string, value: string, anchored = false) => {
  const r = rustRegex(pattern, { anchored });
  if (!r.ok) throw new Error(r.reason);
  return r.regex.test(value);
};
const refused = (pattern: string) => {
  const r = rustRegex(pattern);
  return r.ok ? undefined : r.reason;
};

describe('rustRegex: Rust regex syntax on a linear-time engine (re2js)', () => {
  it('inline flags, at the start, in the middle and on a group', () => {
    expect(test('(?i)^bash$', 'BASH')).toBe(true);
    expect(test('(?is)a.b', 'A\nB')).toBe(true);
    expect(test('(?m)^b$', 'a\nb')).toBe(true);
    expect(test('^b$', 'a\nb')).toBe(false);
    expect(test('^a(?i)b$', 'aB')).toBe(true);
    expect(test('^a(?i)b$', 'AB')).toBe(false);
    expect(test('^(?i:a)b$', 'Ab')).toBe(true);
    expect(test('^(?i:a)b$', 'AB')).toBe(false);
    expect(test('(?u)^a$', 'a')).toBe(true);
  });

  it('\\A, \\z, (?P<name>), (?<name>), POSIX classes, \\x{..}, \\u{..} and escaped punctuation', () => {
    expect(test('\\ABash\\z', 'Bash')).toBe(true);
    expect(test('\\ABash\\z', 'Bash\n')).toBe(false);
    expect(test('(?m)\\Ab$', 'a\nb')).toBe(false);
    expect(test('(?P<tool>Bash)', 'Bash')).toBe(true);
    expect(test('(?<tool>Bash)', 'Bash')).toBe(true);
    expect(test('^[[:alpha:]]+$', 'Bash')).toBe(true);
    expect(test('^[[:alpha:]]+$', 'Bash1')).toBe(false);
    expect(test('^[[:^alpha:]]+$', '123')).toBe(true);
    expect(test('^[[:digit:][:upper:]]+$', 'A1')).toBe(true);
    expect(test('^\\x{41}\\x42\\u0043\\u{44}\\U00000045\\-\\#\\ $', 'ABCDE-# ')).toBe(true);
    expect(test('^[]a]+$', ']a')).toBe(true);
    expect(test('^a{2,3}$', 'aaa')).toBe(true);
  });

  it('Perl and Unicode classes mean what they mean in Rust: Unicode-aware \\d, \\s, \\w; \\pL, \\p{Greek}', () => {
    expect(test('^\\d$', '٣')).toBe(true); // ARABIC-INDIC DIGIT THREE
    expect(test('^\\w+$', 'café_1')).toBe(true);
    expect(test('^\\s$', '\u00a0')).toBe(true);
    expect(test('^\\s$', '\u2028')).toBe(true);
    expect(test('^\\S$', '\u00a0')).toBe(false);
    expect(test('^\\W$', 'é')).toBe(false);
    expect(test('^[\\d_]+$', '٣_1')).toBe(true);
    expect(test('^\\pL+$', 'λx')).toBe(true);
    expect(test('^\\p{Greek}+$', 'λ')).toBe(true);
    expect(test('^\\p{Greek}+$', 'l')).toBe(false);
  });

  it('refuses what the Rust crate refuses: look-around, backreferences, a bare brace', () => {
    for (const p of [
      '^(?!Bash$).*',
      '(?=a)',
      '(?<=a)b',
      '(?<!a)b',
      '(a)\\1',
      '(?P<x>a)(?P=x)',
      '\\k<x>',
      'a{',
      '{',
      'x{a}',
      '\\0',
    ])
      expect(refused(p), p).toBeDefined();
    expect(refused('(?=a)')).toBe('look-around is not supported');
    expect(refused('(a)\\1')).toBe('backreferences are not supported');
  });

  it('refuses what RE2 cannot mean as Rust does rather than guessing', () => {
    for (const p of [
      '(?x) a', // verbose mode
      '(?-u)a', // no Unicode
      '(?R)a', // CRLF mode
      '[a-z&&[^aeiou]]', // class intersection
      '[[a]]', // nested class
      '\\<a', // start-of-word (regex 1.10)
      '\\b{start}a',
      '[\\S]', // a negated Perl class inside a class
      '\\e',
      '\\Qa\\E',
      '\\p{Letter}', // long Unicode names: refused by RE2 (stricter, never looser)
      'a\\',
      '[abc',
      'a)|(b',
    ])
      expect(refused(p), p).toBeDefined();
  });

  it('anchored matches the whole text only, even under (?m), and an alternation cannot escape the anchors', () => {
    expect(test('https://example\\.com/mcp', 'https://example.com/mcp', true)).toBe(true);
    expect(test('https://example\\.com/mcp', 'https://example.com/mcp/x', true)).toBe(false);
    expect(test('(?m)a', 'a\nb', true)).toBe(false);
    expect(test('a|b', 'ab', true)).toBe(false);
    expect(test('(?i)HTTPS://EXAMPLE\\.COM', 'https://example.com', true)).toBe(true);
  });

  it('\\b is a word boundary on ASCII text; next to non-ASCII text, where RE2 and Rust could differ, it never matches', () => {
    expect(test('\\bgit\\b', 'run git now')).toBe(true);
    expect(test('\\bgit\\b', 'digit')).toBe(false);
    expect(test('\\bgit\\b', 'éditer git')).toBe(false);
  });

  it('says where it could answer otherwise than Rust: \\b next to non-ASCII text, never without \\b', () => {
    const boundary = rustRegex('\\bgit\\b');
    const plain = rustRegex('git');
    if (!boundary.ok || !plain.ok) throw new Error('both compile');
    expect(boundary.regex.unsure('éditer git')).toBe(true);
    expect(boundary.regex.unsure('run git now')).toBe(false);
    expect(plain.regex.unsure('éditer git')).toBe(false);
    expect(plain.regex.test('éditer git')).toBe(true);
  });

  it('catastrophic patterns run in linear time: (a+)+ against 10,000 characters answers (see BENCHMARKS.md)', () => {
    const url = `https://${'a'.repeat(10_000)}!`;
    expect(test('https://(a+)+', url, true)).toBe(false);
    expect(test('(a|aa)+$', url)).toBe(false);
    expect(test('(.*)*b', 'a'.repeat(10_000))).toBe(false);
  });
});

/** Patterns in the syntax both translators accept, over a small alphabet, so they match often. */
const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string; atom: string }>((tie) => ({
  atom: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      'a',
      'b',
      'c',
      '.',
      '\\.',
      '\\d',
      '\\w',
      '\\s',
      '\\D',
      '[ab]',
      '[^a]',
      '[a-c0-9]',
      '[[:alpha:]]',
      '[[:digit:]_]',
      '\\x{61}',
    ),
    tie('re').map((r) => `(${r})`),
    tie('re').map((r) => `(?:${r})`),
    tie('re').map((r) => `(?P<g>${r})`),
  ),
  re: fc.oneof(
    { depthSize: 'small' },
    tie('atom'),
    fc.tuple(tie('atom'), fc.constantFrom('*', '+', '?', '*?', '+?', '{2}', '{1,2}', '{0,}')).map(([a, q]) => a + q),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => x + y),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => `${x}|${y}`),
    fc.constantFrom('^', '$', '\\A', '\\z', '\\b', '\\B'),
  ),
})).re;
const flagged = fc.tuple(fc.constantFrom('', '(?i)', '(?s)', '(?m)', '(?is)'), pattern).map(([f, p]) => f + p);
/** ASCII texts: the old translator's \d, \w, \s and \b are ASCII, so only ASCII texts must agree. */
const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', '1', '_', ' ', '\n', '.', '-'), maxLength: 12 });

describe('rustRegex (re2js) against the backtracking translator it replaced (fast-check seed 1515)', () => {
  it('on generated patterns both accept, both give the same answer, anchored or not', () => {
    let compared = 0;
    fc.assert(
      fc.property(flagged, fc.array(text, { minLength: 1, maxLength: 4 }), fc.boolean(), (p, texts, anchored) => {
        const old = jsRustRegex(p, { anchored });
        const now = rustRegex(p, { anchored });
        if (!old.ok || !now.ok) return;
        compared++;
        for (const t of texts) expect(now.regex.test(t), `/${p}/ on ${JSON.stringify(t)}`).toBe(old.regex.test(t));
      }),
      { seed: 1515, numRuns: 1000 },
    );
    expect(compared).toBeGreaterThan(500);
  }, 120_000); // a hang guard for a loaded machine, not a speed claim

  it('everything the old translator accepted, the new one accepts too (no valid policy stops loading)', () => {
    fc.assert(
      fc.property(flagged, (p) => {
        if (jsRustRegex(p).ok) expect(rustRegex(p).ok, p).toBe(true);
      }),
      { seed: 1515, numRuns: 1000 },
    );
  });
});
