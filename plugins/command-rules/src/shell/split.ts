/** Shells whose `-c`/`-lc` scripts are split, by exact path (a `bash` elsewhere, e.g. /tmp/bash, is not one). */
const SHELLS = new Set([
  'bash',
  '/bin/bash',
  '/usr/bin/bash',
  '/usr/local/bin/bash',
  '/opt/homebrew/bin/bash',
  'zsh',
  '/bin/zsh',
  '/usr/bin/zsh',
  '/usr/local/bin/zsh',
  '/opt/homebrew/bin/zsh',
  'sh',
  '/bin/sh',
  '/usr/bin/sh',
]);

/**
 * Command names that open shell syntax other than a plain command (control flow, `[ … ]` and `[[ … ]]` tests,
 * declarations such as `export A=1`, `unset`): a script with a command starting with one is not split, as
 * tree-sitter-bash gives Codex a node other than `command` for it.
 */
const NOT_PLAIN = new Set([
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
  'export',
  'local',
  'declare',
  'readonly',
  'typeset',
  'unset',
  'unsetenv',
]);

/** A word of a script: its text as Codex reads it (quotes removed, backslashes kept), and whether any part was quoted. */
interface Word {
  readonly text: string;
  readonly quoted: boolean;
}
type Token = Word | { readonly op: string };

/** The script of `bash -lc SCRIPT` (also -c, zsh, sh), or undefined when argv is not exactly such an invocation. */
export function shellScript(argv: readonly string[]): string | undefined {
  if (argv.length !== 3) return undefined;
  const [shell, flag, script] = argv as [string, string, string];
  return SHELLS.has(shell) && (flag === '-lc' || flag === '-c') ? script : undefined;
}

/**
 * Reads a script character by character, honouring quotes and backslashes, and splits it into logical lines
 * (a line ending in `&&`, `||` or `|` continues on the next). Undefined when the script uses anything a plain
 * command list cannot: `$` (variables, substitutions, `$'…'`), backticks or a comment.
 */
function logicalLines(script: string): { lines: string[]; heredoc: boolean; after?: string } | undefined {
  const lines: string[] = [];
  let current = '';
  let quote: '"' | "'" | undefined;
  let heredoc = false;
  // Kept up to date as characters are read, so that nothing looks back along a long line (which is quadratic
  // on long scripts): whether the next character starts a word, and the unquoted, unescaped `|`/`&`
  // characters the line ends with (blanks aside; at most two).
  let wordStart = true;
  let trail = '';
  for (let i = 0; i < script.length; i++) {
    const c = script[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      current += c;
      continue;
    }
    if (c === '\\') {
      const next = script[i + 1];
      if (next === '\n' && quote === undefined) {
        i++;
        continue;
      } // line continuation
      current += c + (next ?? '');
      i++;
      wordStart = false;
      trail = '';
      continue;
    }
    if (c === '$' || c === '`') return undefined;
    if (quote === '"') {
      if (c === '"') quote = undefined;
      current += c;
      continue;
    }
    // A `#` starting a word opens a comment; inside a word (`a#b`) it is a literal character.
    if (c === '#' && wordStart) return undefined;
    if (c === '\n') {
      // Inside a heredoc body anything goes; the first line is the command, `after` the body (see heredocCommand).
      if (heredoc) return { lines: [...lines, current], heredoc, after: script.slice(i + 1) };
      // A line ending in an unescaped `&&`, `||` or `|` continues on the next (`echo \|` does not).
      if (trail.endsWith('|') || trail === '&&') current += ' ';
      else {
        lines.push(current);
        current = '';
        trail = '';
      }
      wordStart = true;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '<' && script[i + 1] === '<') heredoc = true;
    current += c;
    if (/\s/.test(c)) wordStart = true;
    else if (c === '|' || c === '&') {
      wordStart = true;
      trail = (trail + c).slice(-2);
    } else {
      wordStart = c === ';' || c === '(' || c === ')' || c === '<' || c === '>';
      trail = '';
    }
  }
  if (quote) return undefined;
  lines.push(current);
  return { lines, heredoc };
}

/** A run of characters that are part of an unquoted word and need no further look. */
const PLAIN_RUN = /[^\s'"\\;|&<>()]+/y;

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

/** The separator at `i` (`&& || ; |`), or undefined for any other operator (`&`, `|&`, `;;`, redirects, parentheses). */
function separator(line: string, i: number): string | undefined {
  const c = line[i];
  const next = line[i + 1];
  if (c === '&') return next === '&' ? '&&' : undefined;
  if (c === '|') return next === '|' ? '||' : next === '&' ? undefined : '|';
  if (c === ';') return next === ';' || next === '&' ? undefined : ';';
  return undefined;
}

/**
 * Words and separators of one line, read as Codex's tree-sitter walk reads them: a quoted string's content is
 * kept verbatim (`"a\"b"` is `a\"b`), an unquoted word keeps its backslashes (`a\ b`), and adjacent parts join
 * (`-g"*.py"` is `-g*.py`). Undefined when the line has other syntax (redirects, `&`, parentheses, an empty
 * concatenation such as `''""`).
 */
function tokens(line: string): Token[] | undefined {
  const out: Token[] = [];
  let text = '';
  let parts = 0;
  let quoted = false;
  const endWord = (): boolean => {
    if (parts === 0) return true;
    if (parts > 1 && text === '') return false;
    out.push({ text, quoted });
    text = '';
    parts = 0;
    quoted = false;
    return true;
  };
  for (let i = 0; i < line.length;) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      if (!endWord()) return undefined;
      i++;
    } else if (c === "'" || c === '"') {
      const close = closingQuote(line, i);
      if (close < 0) return undefined;
      text += line.slice(i + 1, close);
      parts++;
      quoted = true;
      i = close + 1;
    } else if (c === '\\') {
      text += line.slice(i, i + 2);
      parts++;
      i += 2;
    } else if (';|&<>()'.includes(c)) {
      const op = separator(line, i);
      if (op === undefined || !endWord()) return undefined;
      out.push({ op });
      i += op.length;
    } else {
      PLAIN_RUN.lastIndex = i;
      const run = PLAIN_RUN.exec(line)![0];
      text += run;
      parts++;
      i += run.length;
    }
  }
  return endWord() ? out : undefined;
}

const isAssignment = (word: string) => /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word);

/** The commands of a script made only of words joined by `&& || ; |` and newlines, or undefined. */
function commandWords(script: string): Word[][] | undefined {
  const read = logicalLines(script);
  if (!read || read.heredoc) return undefined;
  const commands: Word[][] = [];
  for (const line of read.lines) {
    const parsed = tokens(line);
    if (!parsed) return undefined;
    let command: Word[] = [];
    for (const [i, token] of parsed.entries()) {
      if ('text' in token) {
        command.push(token);
        continue;
      }
      // An empty slot (`ls &&`, `&& ls`, `ls | | wc`) is not a plain list; a single trailing `;` is.
      if (command.length === 0 || (i === parsed.length - 1 && token.op !== ';')) return undefined;
      commands.push(command);
      command = [];
    }
    if (command.length > 0) commands.push(command);
  }
  return commands.length > 0 ? commands : undefined;
}

/** Whether Codex reads a command as a plain one: its name a bare word (not quoted), no assignment or keyword. */
function isPlain(command: readonly Word[]): boolean {
  const name = command[0]!;
  return !name.quoted && !isAssignment(name.text) && !NOT_PLAIN.has(name.text);
}

const texts = (command: readonly Word[]) => command.map((w) => w.text);

/** How far a script is read: as Codex reads a top-level script, or (`lenient`) as the shell will run a nested one. */
export interface SplitOptions {
  /**
   * Also split commands Codex would not (a quoted name, `export`, `[ … ]`, assignments before the name, which are
   * dropped), as the shell runs them. For scripts behind wrappers and nested shells, where it can only add commands.
   */
  readonly lenient?: boolean;
}

/** A command as the shell runs it: leading `NAME=value` assignments dropped. */
const withoutAssignments = (command: readonly Word[]) => {
  const start = command.findIndex((w) => w.quoted || !isAssignment(w.text));
  return start < 0 ? [] : command.slice(start);
};

/**
 * The plain commands of a script in source order, or undefined when it is anything more than plain commands
 * (a bare-word name, then words) joined by `&& || ; |` and newlines.
 */
export function plainCommands(script: string, options: SplitOptions = {}): string[][] | undefined {
  const commands = commandWords(script);
  if (!commands) return undefined;
  if (options.lenient)
    return commands
      .map(withoutAssignments)
      .filter((c) => c.length > 0)
      .map(texts);
  return commands.every(isPlain) ? commands.map(texts) : undefined;
}

/**
 * Whether the text after a heredoc's first line is only its body, up to the delimiter line, and nothing runs
 * from it: no command after the delimiter (`cat <<EOF\nx\nEOF\nrm -rf /`) or after a herestring, and no
 * command substitution in the body of an unquoted delimiter (`cat <<EOF\n$(rm -rf /)\nEOF`).
 */
function bodyOnly(operator: string, target: string, after: string | undefined): boolean {
  if (operator === '<<<' || after === undefined) return after === undefined || after.trim() === '';
  const delimiter = /^(?:'([^']*)'|"([^"$`\\]*)"|(\\?)([^\s'"\\$`]+))(?=\s|$)/.exec(target);
  if (!delimiter) return false;
  const quoted = delimiter[4] === undefined || delimiter[3] === '\\';
  const word = delimiter[1] ?? delimiter[2] ?? delimiter[4]!;
  const lines = after.split('\n');
  const end = lines.findIndex((l) => (operator === '<<-' ? l.replace(/^\t+/, '') : l) === word);
  if (end < 0 || lines.slice(end + 1).some((l) => l.trim() !== '')) return false;
  return quoted || !/\$\(|`/.test(lines.slice(0, end).join('\n'));
}

/**
 * A heredoc script with exactly one command of literal words on its first line (`python3 <<'EOF'`), and
 * nothing else that runs: that command's words.
 */
export function heredocCommand(script: string, options: SplitOptions = {}): string[] | undefined {
  const read = logicalLines(script);
  if (!read?.heredoc || read.lines.length !== 1) return undefined;
  const line = read.lines[0]!;
  const at = line.indexOf('<<');
  const head = line.slice(0, at);
  const operator = /^(<<<|<<-|<<)/.exec(line.slice(at))![1]!;
  const rest = line.slice(at + operator.length).trim();
  if (/[<>|&;()]/.test(rest.replace(/^(['"]).*?\1/, ''))) return undefined;
  if (!bodyOnly(operator, rest, read.after)) return undefined;
  // One command of literal words: no part of any word quoted (`rm "x" <<EOF` is not one).
  const commands = commandWords(head);
  const command = commands?.length === 1 ? commands[0]! : undefined;
  if (command && options.lenient) return texts(withoutAssignments(command));
  return command && isPlain(command) && !command.some((w) => w.quoted) ? texts(command) : undefined;
}

/**
 * The commands a policy judges for one argv, as Codex does: a `bash|zsh|sh -c|-lc SCRIPT` whose script is a
 * plain command list becomes those commands; a heredoc script with one literal command becomes that command;
 * anything else (including an empty script) is judged as the argv itself.
 */
export function commandsForPolicy(
  argv: readonly string[],
  options: SplitOptions = {},
): { readonly commands: readonly (readonly string[])[]; readonly split: boolean } {
  const script = shellScript(argv);
  if (script === undefined || script.trim() === '') return { commands: [argv], split: false };
  const plain = plainCommands(script, options);
  if (plain && plain.length > 0) return { commands: plain, split: true };
  const single = heredocCommand(script, options);
  return single ? { commands: [single], split: true } : { commands: [argv], split: false };
}
