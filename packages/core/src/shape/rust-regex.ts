import { createRequire } from 'node:module';

let engine: typeof import('re2js').RE2JS | undefined;

/**
 * re2js, loaded on the first pattern compiled: it is a large module, and most hosts (and most commands) compile
 * none. Its CommonJS build is required synchronously, since compiling a pattern is synchronous.
 */
function re2(): typeof import('re2js').RE2JS {
  return (engine ??= (createRequire(import.meta.url)('re2js') as typeof import('re2js')).RE2JS);
}

/** A compiled Rust-syntax pattern; `test` runs in time linear in the text (RE2), never backtracking. */
export interface RustPattern {
  /**
   * Whether the pattern matches somewhere in `text` (the whole of it when compiled `anchored`); false where RE2 could
   * answer otherwise than Rust (see `unsure`), the stricter answer for an allowlist.
   */
  test(text: string): boolean;
  /**
   * Whether RE2 could answer otherwise than Rust for `text` (a `\b` next to a non-ASCII character): a caller for whom
   * matching is the stricter answer (a managed hook's matcher) takes it as a match.
   */
  unsure(text: string): boolean;
}

/** A Rust `regex` pattern compiled for a linear-time engine, or why it cannot be used. */
export type RustRegex =
  { readonly ok: true; readonly regex: RustPattern } | { readonly ok: false; readonly reason: string };

class Unsupported extends Error {}

// Rust's Perl classes are Unicode-aware; RE2's are ASCII. These are Rust's definitions in RE2 terms
// (`\d` is Nd; `\s` is White_Space; `\w` is Alphabetic, marks, Nd, connector punctuation and the joiners).
const DIGIT = '\\p{Nd}';
const SPACE = '\\t-\\r\\x{85}\\p{Z}';
const WORD = '\\p{L}\\p{M}\\p{Nd}\\p{Pc}\\p{Nl}\\x{200C}\\x{200D}\\x{24B6}-\\x{24E9}';
const CONTROL = new Set('aftnrv');

/** What a translation found out about the pattern that matching must know. */
interface Notes {
  /** `\b` or `\B`: RE2's word boundary is ASCII-only, Rust's Unicode-aware. */
  boundary: boolean;
}

/** `\x7F`, `\x{7F}`, `\u007F`, `\u{7F}`, `\U0000007F`, `\U{7F}` (Rust) as RE2's `\x{7F}`; returns the text and its length. */
function hexEscape(p: string, at: number): [string, number] {
  const letter = p[at + 1]!;
  if (p[at + 2] === '{') {
    const close = p.indexOf('}', at);
    if (close < 0) throw new Unsupported(`unclosed \\${letter}{...} escape`);
    return [`\\x{${p.slice(at + 3, close)}}`, close - at + 1];
  }
  const width = letter === 'x' ? 2 : letter === 'u' ? 4 : 8;
  const hex = p.slice(at + 2, at + 2 + width);
  if (hex.length !== width || !/^[0-9A-Fa-f]+$/.test(hex))
    throw new Unsupported(`\\${letter} needs ${width} hex digits or braces`);
  return [`\\x{${hex}}`, 2 + width];
}

/** One escape at `at`, in RE2 syntax with Rust's meaning; returns the text and how many characters it used. */
function escape(p: string, at: number, inClass: boolean, notes: Notes): [string, number] {
  const next = p[at + 1];
  if (next === undefined) throw new Unsupported('a pattern cannot end with a backslash');
  const outside = (text: string) => {
    if (inClass) throw new Unsupported(`\\${next} cannot be used inside a character class`);
    return text;
  };
  switch (next) {
    case 'A':
    case 'z':
      return [outside(`\\${next}`), 2];
    case 'b':
      if (p[at + 2] === '{') throw new Unsupported('\\b{...} word boundaries are not supported');
      notes.boundary = true;
      return [outside('\\b'), 2];
    case 'B':
      notes.boundary = true;
      return [outside('\\B'), 2];
    case 'd':
      return [DIGIT, 2];
    case 'D':
      return ['\\P{Nd}', 2];
    case 's':
      return [inClass ? SPACE : `[${SPACE}]`, 2];
    case 'w':
      return [inClass ? WORD : `[${WORD}]`, 2];
    case 'S':
      return [outside(`[^${SPACE}]`), 2];
    case 'W':
      return [outside(`[^${WORD}]`), 2];
    case 'p':
    case 'P': {
      const close = p[at + 2] === '{' ? p.indexOf('}', at) : at + 2;
      if (close < 0 || close >= p.length) throw new Unsupported(`unclosed \\${next} class`);
      return [p.slice(at, close + 1), close - at + 1];
    }
    case 'x':
    case 'u':
    case 'U':
      return hexEscape(p, at);
    case '<':
    case '>':
      throw new Unsupported(`\\${next} word boundaries are not supported`);
    case 'k':
      throw new Unsupported('backreferences are not supported');
  }
  if (/[0-9]/.test(next)) throw new Unsupported('backreferences are not supported');
  if (CONTROL.has(next)) return [`\\${next}`, 2];
  if (/[A-Za-z]/.test(next)) throw new Unsupported(`\\${next} is not a Rust regex escape`);
  if (next.charCodeAt(0) > 0x7f) throw new Unsupported(`\\${next}: only ASCII punctuation can be escaped`);
  return [`\\${next}`, 2]; // Rust and RE2 both take any escaped ASCII punctuation as itself
}

/** A bracketed class starting at `at`: POSIX classes kept, nested classes and set operations refused. */
function charClass(p: string, at: number, notes: Notes): [string, number] {
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
    const posix = /^\[:\^?[a-z]+:\]/.exec(p.slice(i, i + 12));
    if (posix) {
      out += posix[0];
      i += posix[0].length;
    } else if (p[i] === '[' || p.startsWith('&&', i) || p.startsWith('--', i) || p.startsWith('~~', i)) {
      throw new Unsupported('nested classes and class set operations are not supported');
    } else if (p[i] === '\\') {
      const [text, used] = escape(p, i, true, notes);
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

/** RE2's spelling of Rust inline flags (`i`, `m`, `s`, `U`; `u` is Rust's default and dropped); others refused. */
function flags(text: string): string {
  let out = '';
  let negated = false;
  for (const f of text) {
    if (f === '-') {
      negated = true;
      out += f;
    } else if ('imsU'.includes(f)) out += f;
    else if (f === 'u' && !negated) continue;
    else if (f === 'u') throw new Unsupported('(?-u) (no Unicode) is not supported');
    else if (f === 'x') throw new Unsupported('verbose mode (?x) is not supported');
    else throw new Unsupported(`inline flag ${f} is not supported`);
  }
  return out;
}

/** The group opener at `at`, in RE2 syntax: names kept, flags translated, look-around refused. */
function group(p: string, at: number): [string, number] {
  const rest = p.slice(at, at + 4);
  if (/^\(\?(?:=|!|<=|<!)/.test(rest)) throw new Unsupported('look-around is not supported');
  if (rest === '(?P=') throw new Unsupported('backreferences are not supported');
  if (rest === '(?P<') return ['(?P<', 4];
  if (rest.startsWith('(?<')) return ['(?P<', 3];
  const inline = /^\(\?([A-Za-z-]*)([:)])/.exec(p.slice(at));
  if (!inline) return ['(', 1];
  const translated = flags(inline[1]!);
  if (inline[1] !== '' && translated === '' && inline[2] === ')') return ['', inline[0].length]; // `(?u)`: a no-op
  return [`(?${translated}${inline[2]}`, inline[0].length];
}

/** `{n}`, `{n,}`, `{n,m}` at `at`; a brace that starts none of them is refused, as Rust refuses it. */
function repetition(p: string, at: number): [string, number] {
  const counted = /^\{\d+(?:,\d*)?\}/.exec(p.slice(at, at + 24));
  if (!counted) throw new Unsupported('a literal { must be escaped as \\{ (or write a repetition such as {2,3})');
  return [counted[0], counted[0].length];
}

/** Translates one pattern from Rust's syntax to RE2's, keeping Rust's meaning or refusing it. */
function translate(pattern: string, notes: Notes): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const [text, used] =
      c === '\\'
        ? escape(pattern, i, false, notes)
        : c === '['
          ? charClass(pattern, i, notes)
          : c === '('
            ? group(pattern, i)
            : c === '{'
              ? repetition(pattern, i)
              : [c, 1];
    out += text;
    i += used;
  }
  return out;
}

/** Compiles one pattern (uncached). */
function compile(pattern: string, options: { readonly anchored?: boolean }): RustRegex {
  const notes: Notes = { boundary: false };
  try {
    const source = translate(pattern, notes);
    re2().compile(source); // on its own first, so `a)|(b` cannot escape the anchors
    const re = re2().compile(options.anchored ? `\\A(?:${source})\\z` : source);
    // RE2's \b knows only ASCII word characters; next to a non-ASCII one it could answer otherwise than Rust.
    const unsure = notes.boundary ? (text: string) => /[^\p{ASCII}]/u.test(text) : () => false;
    const regex: RustPattern = { unsure, test: (text) => !unsure(text) && re.test(text) };
    return { ok: true, regex };
  } catch (error) {
    const message = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { ok: false, reason: message };
  }
}

/** Compiled patterns by `anchored` and source; a compiled pattern keeps no state, so one can be shared. */
const cache = new Map<string, RustRegex>();
const CACHE_LIMIT = 1024;

/**
 * Compiles a pattern written for Rust's `regex` crate (what Codex uses) to run on re2js, a linear-time engine
 * (RE2): inline flags `(?i)`, `(?m)`, `(?s)`, `(?U)` anywhere and in groups `(?i:…)`; `\A` and `\z`;
 * `(?P<name>…)` and `(?<name>…)`; POSIX classes like `[[:alpha:]]`; Unicode classes `\pL`, `\p{Greek}`; Rust's
 * Unicode-aware `\d`, `\s`, `\w`; `\x{…}`, `\u{…}`; escaped punctuation. What that crate refuses (look-around,
 * backreferences, a bare `{`) is refused here too, and so is what RE2 cannot mean the same way (class set
 * operations, `\<`, `(?x)`), so a pattern never matches more than it would under Codex. `anchored` wraps it as
 * `\A(?:…)\z`. Results are cached: callers need no cache of their own.
 */
export function rustRegex(pattern: string, options: { readonly anchored?: boolean } = {}): RustRegex {
  const key = `${options.anchored ? 'a' : 'u'}${pattern}`;
  let result = cache.get(key);
  if (!result) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    result = compile(pattern, options);
    cache.set(key, result);
  }
  return result;
}
