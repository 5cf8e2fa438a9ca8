import { parse, type ParseEntry } from 'shell-quote';

/** Shells whose `-c`/`-lc` scripts are split, by exact path (a `bash` elsewhere, e.g. /tmp/bash, is not one). */
const SHELLS = new Set([
  'bash', '/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash',
  'zsh', '/bin/zsh', '/usr/bin/zsh', '/usr/local/bin/zsh', '/opt/homebrew/bin/zsh',
  'sh', '/bin/sh', '/usr/bin/sh',
]);

/** Words that open shell syntax other than a plain command: a script starting a command with one is not split. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'select', 'function', 'in', '{', '}', '[[', ']]', '!', 'coproc']);

const SEPARATORS = new Set(['&&', '||', ';', '|']);

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
      if (next === '\n') { i++; continue; } // line continuation
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
    if (c === '#') {
      // A `#` starting a word opens a comment; inside a word (`a#b`) it is a literal character, which
      // shell-quote would otherwise read as a comment, so it is escaped for it.
      if (wordStart) return undefined;
      current += '\\#';
      continue;
    }
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

/** Plain characters, plus `\#` (a `#` inside a word, escaped by logicalLines so it cannot start a comment). */
const SIMPLE_LINE = /^(?:[\w\s\-./:=,+@%;|&]|\\#)*$/;
/** shell-quote's operators within SIMPLE_LINE's characters, longest first, then words. */
const SIMPLE_TOKEN = /\|\||&&|;;&?|[;|]&|[;|&]|[^\s;|&]+/g;

/** Tokens of one line: words and separators, or undefined when shell-quote finds other syntax (redirects, `&`, parentheses). */
function tokens(line: string): (string | { op: string })[] | undefined {
  const out: (string | { op: string })[] = [];
  // Plain words and operators only (`ls -la src && git status`): tokenized here as shell-quote would, without
  // its cost (a regex compiled per call, and a slow scanner), which dominates long scripts.
  if (SIMPLE_LINE.test(line)) {
    for (const [token] of line.matchAll(SIMPLE_TOKEN)) {
      if (SEPARATORS.has(token)) out.push({ op: token });
      else if (/[;|&]/.test(token[0]!)) return undefined;
      else out.push(token.replaceAll('\\#', '#'));
    }
    return out;
  }
  // Variables were ruled out before; should one reach here it must not become an empty string.
  const entries: ParseEntry[] = parse(line, (name) => {
    throw new Error(`unexpected variable ${name}`);
  });
  for (const entry of entries) {
    if (typeof entry === 'string') out.push(entry);
    else if ('op' in entry && entry.op === 'glob') out.push(entry.pattern);
    else if ('op' in entry && SEPARATORS.has(entry.op)) out.push({ op: entry.op });
    else return undefined;
  }
  return out;
}

const isAssignment = (word: string) => /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word);

/** The plain commands of a script in source order, or undefined when it is anything more than words joined by `&& || ; |` and newlines. */
export function plainCommands(script: string): string[][] | undefined {
  const read = logicalLines(script);
  if (!read || read.heredoc) return undefined;
  const commands: string[][] = [];
  for (const line of read.lines) {
    let parsed: ReturnType<typeof tokens>;
    try {
      parsed = tokens(line);
    } catch {
      return undefined;
    }
    if (!parsed) return undefined;
    let command: string[] = [];
    for (const [i, token] of parsed.entries()) {
      if (typeof token === 'string') {
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
  for (const command of commands) if (isAssignment(command[0]!) || RESERVED.has(command[0]!)) return undefined;
  return commands.length > 0 ? commands : undefined;
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
export function heredocCommand(script: string): string[] | undefined {
  const read = logicalLines(script);
  if (!read?.heredoc || read.lines.length !== 1) return undefined;
  const line = read.lines[0]!;
  const at = line.indexOf('<<');
  const head = line.slice(0, at);
  const operator = /^(<<<|<<-|<<)/.exec(line.slice(at))![1]!;
  const rest = line.slice(at + operator.length).trim();
  if (/[<>|&;()]/.test(rest.replace(/^(['"]).*?\1/, ''))) return undefined;
  if (!bodyOnly(operator, rest, read.after)) return undefined;
  const words = plainCommands(head);
  return words && words.length === 1 ? words[0] : undefined;
}

/**
 * The commands a policy judges for one argv, as Codex does: a `bash|zsh|sh -c|-lc SCRIPT` whose script is a
 * plain command list becomes those commands; a heredoc script with one literal command becomes that command;
 * anything else (including an empty script) is judged as the argv itself.
 */
export function commandsForPolicy(argv: readonly string[]): { readonly commands: readonly (readonly string[])[]; readonly split: boolean } {
  const script = shellScript(argv);
  if (script === undefined || script.trim() === '') return { commands: [argv], split: false };
  const plain = plainCommands(script);
  if (plain) return { commands: plain, split: true };
  const single = heredocCommand(script);
  return single ? { commands: [single], split: true } : { commands: [argv], split: false };
}
