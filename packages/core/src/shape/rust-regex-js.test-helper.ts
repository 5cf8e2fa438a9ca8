/**
 * Test-only: the translator Ratchet used before its Rust-syntax patterns ran on re2js (a Rust `regex` pattern as a
 * backtracking JavaScript RegExp). Kept as an oracle: on patterns both accept, the two must agree.
 */
export type JsRustRegex =
  { readonly ok: true; readonly regex: RegExp } | { readonly ok: false; readonly reason: string };

const POSIX: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/');
const FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's' };

class Unsupported extends Error {}

/** One escape (`\X…` at `at`), translated; returns the text and how many characters it used. */
function escape(p: string, at: number, inClass: boolean): [string, number] {
  const next = p[at + 1];
  if (next === undefined) throw new Unsupported('a pattern cannot end with a backslash');
  if (next === 'A' && !inClass) return ['(?<![\\s\\S])', 2];
  if (next === 'z' && !inClass) return ['(?![\\s\\S])', 2];
  if (/[1-9]/.test(next) || next === 'k') throw new Unsupported('backreferences are not supported');
  if (next === 'Z' || next === 'G') throw new Unsupported(`\\${next} is not supported`);
  if (next === 'x' && p[at + 2] === '{') {
    const close = p.indexOf('}', at);
    if (close < 0) throw new Unsupported('unclosed \\x{...} escape');
    return [`\\u{${p.slice(at + 3, close)}}`, close - at + 1];
  }
  if (/[A-Za-z0-9]/.test(next)) return [`\\${next}`, 2];
  // Rust escapes any punctuation; JavaScript's unicode mode only its own syntax characters.
  return [JS_SYNTAX.has(next) || (inClass && next === '-') ? `\\${next}` : next, 2];
}

/** A bracketed class starting at `at`, translated (POSIX classes expanded); returns the text and its length. */
function charClass(p: string, at: number): [string, number] {
  let i = at + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  if (p[i] === ']') {
    out += '\\]';
    i++;
  }
  while (i < p.length && p[i] !== ']') {
    const posix = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
    if (posix) {
      const range = POSIX[posix[2]!];
      if (range === undefined || posix[1])
        throw new Unsupported(`POSIX class [:${posix[1]}${posix[2]}:] is not supported`);
      out += range;
      i += posix[0].length;
    } else if (p[i] === '[' || p.startsWith('&&', i) || p.startsWith('--', i) || p.startsWith('~~', i)) {
      throw new Unsupported('nested classes and class set operations are not supported');
    } else if (p[i] === '\\') {
      const [text, used] = escape(p, i, true);
      out += text;
      i += used;
    } else {
      out += p[i];
      i++;
    }
  }
  if (p[i] !== ']') throw new Unsupported('unclosed character class');
  return [`${out}]`, i - at + 1];
}

/** The group opener at `at` (`(`, `(?:`, `(?P<n>`, `(?<n>`), translated; look-around and inline flags inside are refused. */
function group(p: string, at: number): [string, number] {
  if (p.startsWith('(?P<', at)) return ['(?<', 4];
  if (/^\(\?(?:=|!|<=|<!|P=)/.test(p.slice(at)))
    throw new Unsupported('look-around and backreferences are not supported');
  if (/^\(\?[A-Za-z-]*[:)]/.test(p.slice(at)) && !p.startsWith('(?:', at))
    throw new Unsupported('inline flags are only supported at the start of the pattern');
  return ['(', 1];
}

/** Translates and compiles one pattern (uncached). */
function compile(pattern: string, options: { readonly anchored?: boolean }): JsRustRegex {
  try {
    let i = 0;
    const flags = new Set(['u']);
    for (let lead = /^\(\?([A-Za-z]+)\)/.exec(pattern); lead; lead = /^\(\?([A-Za-z]+)\)/.exec(pattern.slice(i))) {
      for (const f of lead[1]!) {
        if (FLAGS[f] === undefined) throw new Unsupported(`inline flag ${f} is not supported`);
        flags.add(FLAGS[f]);
      }
      i += lead[0].length;
    }
    let out = '';
    while (i < pattern.length) {
      const c = pattern[i]!;
      const [text, used] =
        c === '\\'
          ? escape(pattern, i, false)
          : c === '['
            ? charClass(pattern, i)
            : c === '('
              ? group(pattern, i)
              : [c, 1];
      out += text;
      i += used;
    }
    new RegExp(out, [...flags].join('')); // on its own first, so `a)|(b` cannot escape the anchors
    const source = options.anchored ? `(?<![\\s\\S])(?:${out})(?![\\s\\S])` : out;
    return { ok: true, regex: new RegExp(source, [...flags].join('')) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** The old translator's answer for one pattern (uncached: the oracle needs no speed). */
export function jsRustRegex(pattern: string, options: { readonly anchored?: boolean } = {}): JsRustRegex {
  return compile(pattern, options);
}
