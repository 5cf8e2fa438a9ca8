/** One word of a command as the shell builds it from a script. */
export interface ShellWord {
  /** The text the program receives: quotes removed, escapes applied. */
  readonly value: string;
  /** The text as Codex matches it: quoted content verbatim, an unquoted word's backslashes kept. */
  readonly raw: string;
  /** Set when the shell computes the word only at run time (a variable, a substitution, a glob…): why. */
  readonly opaque?: string;
}

/** A word given literally (an argv word, or text read whole): what it says is what the program gets. */
export const literal = (text: string): ShellWord => ({ value: text, raw: text });

/** Words from an argv. */
export const literalWords = (argv: readonly string[]): ShellWord[] => argv.map(literal);

/** `NAME=value` or `NAME+=value`: a shell variable assignment when it starts a simple command. */
export const isAssignment = (word: string): boolean => /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word);

/**
 * Command names that open shell syntax other than a simple command (control flow, tests, declarations): the fast
 * reader leaves a script whose command starts with one to the grammar.
 */
export const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'select',
  'function',
  'in',
  '{',
  '}',
  '[[',
  ']]',
  '[',
  '!',
  'coproc',
  'time',
  'export',
  'local',
  'declare',
  'readonly',
  'typeset',
  'unset',
  'unsetenv',
]);

/** Unquoted text of a word that the shell expands into other words: a glob (`*`, `?`, `[`) or braces. */
export function expansionIn(unquoted: string): string | undefined {
  // Escaped characters are literal; drop them before looking.
  const plain = unquoted.replace(/\\./gs, '');
  if (/[*?[]/.test(plain)) return 'a glob pattern, which the shell replaces by matching file names';
  if (/\{[^}]*(,|\.\.)[^}]*\}/s.test(plain)) return 'a brace expansion, which the shell turns into several words';
  return undefined;
}

/** An unquoted word's received text: each backslash escapes the next character; a backslash-newline vanishes. */
export const unescapeUnquoted = (text: string): string =>
  text.replace(/\\(\n|.)/gs, (_, c: string) => (c === '\n' ? '' : c));

/** A double-quoted string's received text: a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline. */
export const unescapeDoubleQuoted = (text: string): string =>
  text.replace(/\\([$`"\\\n])/g, (_, c: string) => (c === '\n' ? '' : c));

const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '?': '?',
};

/** The received text of `$'…'` (ANSI-C quoting), given what is between the quotes. */
export function decodeAnsiC(body: string): string {
  return body.replace(
    /\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8})|c(.)|(.))/gs,
    (whole, octal?: string, hex?: string, u4?: string, u8?: string, control?: string, other?: string) => {
      if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8) & 0xff);
      if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
      const code = u4 ?? u8;
      if (code !== undefined) {
        const point = parseInt(code, 16);
        return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
      }
      if (control !== undefined) return String.fromCharCode(control.charCodeAt(0) & 0x1f);
      return C_ESCAPES[other!] ?? whole;
    },
  );
}

/**
 * The script as bash reads it, for tree-sitter-bash and the fast reader alike: every line continuation (a
 * backslash-newline outside single quotes) removed, as bash removes them before it reads words (`r\\<newline>m` is
 * `rm`, where tree-sitter-bash would read two words); and a blank put between a newline and a backslash outside
 * quotes (tree-sitter-bash would read `ls<newline>\\rm` as one command, `ls \\rm`).
 */
export function prepareScript(script: string): string {
  if (!script.includes('\\')) return script;
  let out = '';
  let state: 'plain' | 'double' | 'single' | 'ansi' = 'plain';
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (state === 'single') {
      if (c === "'") state = 'plain';
      out += c;
    } else if (c === '\\') {
      const next = script[i + 1] ?? '';
      i++;
      if (next === '\n' && state !== 'ansi') continue;
      out += c + next;
    } else {
      if (state === 'ansi' && c === "'") state = 'plain';
      else if (state === 'plain' && c === "'") state = script[i - 1] === '$' ? 'ansi' : 'single';
      else if (c === '"') state = state === 'double' ? 'plain' : state === 'plain' ? 'double' : state;
      out += c;
      if (c === '\n' && state === 'plain' && script[i + 1] === '\\') out += ' ';
    }
  }
  return out;
}

/**
 * The simple commands of a script, in source order, and why parts of it cannot be known from the text. (Declared
 * here, beside ShellWord, so the published types never reach web-tree-sitter's, which need Emscripten's.)
 */
export interface ScriptCommands {
  /** Every simple command that can run: leading assignments and redirections dropped, words unquoted. */
  readonly commands: readonly (readonly ShellWord[])[];
  /** Reasons the script's text does not tell all that runs (a parse error); each makes the answer at least `prompt`. */
  readonly opaque: readonly string[];
}
