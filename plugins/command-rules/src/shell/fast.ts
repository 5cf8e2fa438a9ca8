import { isAssignment, RESERVED, unescapeDoubleQuoted, unescapeUnquoted, type ShellWord } from './words.js';

/**
 * The fast reader: one pass over a script of plain commands (words, `&& || ; |`, newlines), which is most of what
 * agents run. It declines, by returning undefined, anything else (`$`, backticks, comments, redirections,
 * parentheses, braces, globs, `&`, reserved words, an empty command slot), which the shell grammar then reads.
 * A differential test shows it agrees with the grammar on every script it accepts.
 */
export function readPlainScript(script: string): ShellWord[][] | undefined {
  const lines = logicalLines(script);
  if (!lines) return undefined;
  const commands: ShellWord[][] = [];
  for (const line of lines) {
    const parsed = tokens(line);
    if (!parsed) return undefined;
    let command: Word[] = [];
    for (const [i, token] of parsed.entries()) {
      if ('value' in token) {
        command.push(token);
        continue;
      }
      // An empty slot (`ls &&`, `&& ls`, `ls | | wc`) is a syntax error; a single trailing `;` is not.
      if (command.length === 0 || (i === parsed.length - 1 && token.op !== ';')) return undefined;
      if (!finish(command, commands)) return undefined;
      command = [];
    }
    if (command.length > 0 && !finish(command, commands)) return undefined;
  }
  return commands;
}

/** Adds a command without its leading assignments; false when its name is a reserved word (grammar's business). */
function finish(command: readonly Word[], into: ShellWord[][]): boolean {
  const start = command.findIndex((w) => !w.assignment);
  // tree-sitter-bash misreads an unquoted `#`, `%`, `@` or non-ASCII letter in a command name or an assignment.
  if (command.slice(0, start < 0 ? undefined : start + 1).some((w) => w.hash)) return false;
  if (start < 0) return true;
  // A reserved word, also one quoted text follows (`export'x'` is a declaration to tree-sitter-bash), or a name
  // starting with `-` (`- a=b`, `--a=b` are assignments to it).
  const name = command[start]!;
  if (RESERVED.has(name.value) || RESERVED.has(name.lead) || name.raw.startsWith('-')) return false;
  into.push(command.slice(start).map(({ value, raw }) => ({ value, raw })));
  return true;
}

/** A word as read, and whether it is a `NAME=value` assignment (its text up to `=` unquoted). */
interface Word extends ShellWord {
  /** The word's unquoted, unescaped text before its first quote or backslash. */
  readonly lead: string;
  readonly assignment: boolean;
  /** Whether the word has an unquoted `#`, `%`, `@` or non-ASCII character. */
  readonly hash: boolean;
}

type Token = Word | { readonly op: string };

/**
 * Splits a script into logical lines (a line ending in `&&`, `||` or `|` continues on the next); undefined when the
 * script uses `$`, backticks, a comment, a heredoc or redirection, or ends inside quotes or after a backslash.
 */
function logicalLines(script: string): string[] | undefined {
  const lines: string[] = [];
  // The current line is `pieces` (joined by blanks: they were split at a line continuation) and script[start, i).
  let pieces: string[] = [];
  let start = 0;
  let quote: '"' | "'" | undefined;
  let wordStart = true;
  let trail = '';
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      continue;
    }
    if (c === '\\') {
      const next = script[i + 1];
      if (next === undefined) return undefined;
      if (next === '\n' && quote === undefined) {
        // A line continuation between words is a blank; inside a word it is left to the grammar.
        if (!wordStart) return undefined;
        pieces.push(script.slice(start, i));
        start = i + 2;
      }
      i++;
      wordStart = false;
      trail = '';
      continue;
    }
    if (c === '$' || c === '`') return undefined;
    if (quote === '"') {
      if (c === '"') quote = undefined;
      continue;
    }
    if (c === '#' && wordStart) return undefined;
    if (c === '<' || c === '>') return undefined;
    if (c === '\n') {
      pieces.push(script.slice(start, i));
      start = i + 1;
      // A line ending in an unescaped `&&`, `||` or `|` continues on the next.
      if (!(trail.endsWith('|') || trail === '&&')) {
        lines.push(pieces.length === 1 ? pieces[0]! : pieces.join(' '));
        pieces = [];
        trail = '';
      }
      wordStart = true;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    if (c === ' ' || c === '\t') wordStart = true;
    else if (c === '|' || c === '&') {
      wordStart = true;
      trail = (trail + c).slice(-2);
    } else {
      wordStart = c === ';';
      trail = '';
    }
  }
  if (quote) return undefined;
  pieces.push(script.slice(start));
  lines.push(pieces.length === 1 ? pieces[0]! : pieces.join(' '));
  return lines;
}

/** A run of characters that are part of an unquoted word and need no further look. */
const PLAIN_RUN = /[^ \t'"\\;|&<>(){}*?[\]\r\v\f]+/y;

/** The index of the quote closing the one at `open`; inside double quotes a backslash escapes the next character. */
function closingQuote(line: string, open: number): number {
  const quote = line[open]!;
  if (quote === "'") return line.indexOf("'", open + 1);
  for (let i = open + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '"') return i;
  }
  return -1;
}

/** The separator at `i` (`&& || ; |`), or undefined for any other operator (`&`, `|&`, `;;`). */
function separator(line: string, i: number): string | undefined {
  const c = line[i];
  const next = line[i + 1];
  if (c === '&') return next === '&' ? '&&' : undefined;
  if (c === '|') return next === '|' ? '||' : next === '&' ? undefined : '|';
  if (c === ';') return next === ';' || next === '&' ? undefined : ';';
  return undefined;
}

/** Words and separators of one line; undefined for other syntax (parentheses, braces, globs, a lone `&`). */
function tokens(line: string): Token[] | undefined {
  const out: Token[] = [];
  let value = '';
  let raw = '';
  let parts = 0;
  // The word's unquoted, unescaped text before its first quote or backslash: an assignment's `NAME=` must be there.
  let lead = '';
  let plain = true;
  let hash = false;
  const endWord = () => {
    if (parts === 0) return;
    out.push({ value, raw, lead, assignment: isAssignment(lead), hash });
    value = raw = lead = '';
    hash = false;
    parts = 0;
    plain = true;
  };
  for (let i = 0; i < line.length;) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === "'" || c === '"') {
      const close = closingQuote(line, i);
      if (close < 0) return undefined;
      const content = line.slice(i + 1, close);
      value += c === '"' ? unescapeDoubleQuoted(content) : content;
      raw += content;
      parts++;
      plain = false;
      i = close + 1;
      // tree-sitter-bash starts a new node at a backslash right after a quote (`a='x'\\y`): left to the grammar.
      if (line[i] === '\\') return undefined;
    } else if (c === '\\') {
      const pair = line.slice(i, i + 2);
      // tree-sitter-bash misreads an escaped tab or CR, and a word that starts or ends with an escaped blank.
      if (
        /^\\[\t\r\v\f]/.test(pair) ||
        (pair === '\\ ' && (parts === 0 || /^$|^[ \t;|&]/.test(line.slice(i + 2, i + 3))))
      )
        return undefined;
      value += unescapeUnquoted(pair);
      raw += pair;
      parts++;
      plain = false;
      i += 2;
    } else if (c === ';' || c === '|' || c === '&') {
      const op = separator(line, i);
      if (op === undefined) return undefined;
      endWord();
      out.push({ op });
      i += op.length;
    } else if ('<>(){}*?[]\r\v\f'.includes(c)) {
      return undefined;
    } else {
      PLAIN_RUN.lastIndex = i;
      const run = PLAIN_RUN.exec(line)![0];
      value += run;
      raw += run;
      if (plain) lead += run;
      if (/[#%@]|[^\p{ASCII}]/u.test(run)) hash = true;
      parts++;
      i += run.length;
    }
  }
  endWord();
  return out;
}
