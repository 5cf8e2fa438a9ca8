import type { Node } from 'web-tree-sitter';
import {
  decodeAnsiC,
  expansionIn,
  unescapeDoubleQuoted,
  unescapeUnquoted,
  type ScriptCommands,
  type ShellWord,
} from './words.js';

/** Why a word node's value is only known at run time, by node type. */
const COMPUTED: Readonly<Record<string, string>> = {
  simple_expansion: 'a variable',
  expansion: 'a variable',
  command_substitution: 'a command substitution',
  process_substitution: 'a process substitution',
  arithmetic_expansion: 'an arithmetic expansion',
  brace_expression: 'a brace expansion, which the shell turns into several words',
  extglob_pattern: 'a glob pattern, which the shell replaces by matching file names',
};

/** A word computed at run time; its text, only for display, is cut short (reading a long node's text is costly). */
function computed(node: Node, why: string): ShellWord {
  const text = node.endIndex - node.startIndex <= 200 ? node.text : `${node.type.replace(/_/g, ' ')} (long)`;
  return { value: text, raw: text, opaque: why };
}

/** A double-quoted string: literal when it holds only text, computed when it holds an expansion. */
function stringWord(node: Node): ShellWord {
  for (const part of node.namedChildren)
    if (part && part.type !== 'string_content') return computed(node, COMPUTED[part.type] ?? `\`${part.type}\` syntax`);
  const content = node.text.slice(1, -1);
  return { value: unescapeDoubleQuoted(content), raw: content };
}

/** One word of a command, as the shell builds it from the node. */
export function wordOf(node: Node): ShellWord {
  switch (node.type) {
    case 'word': {
      const why = expansionIn(node.text);
      return why ? computed(node, why) : { value: unescapeUnquoted(node.text), raw: node.text };
    }
    case 'number':
      return { value: node.text, raw: node.text };
    case 'raw_string': {
      const content = node.text.slice(1, -1);
      return { value: content, raw: content };
    }
    case 'string':
      return stringWord(node);
    case 'ansi_c_string': {
      const value = decodeAnsiC(node.text.slice(2, -1));
      return { value, raw: value };
    }
    case 'translated_string': {
      const inner = node.namedChildren[0];
      return inner ? stringWord(inner) : { value: '', raw: '' };
    }
    case 'concatenation': {
      let value = '';
      let raw = '';
      let unquoted = '';
      for (const part of node.children) {
        if (!part) continue;
        // Unnamed parts (a `$` before nothing) are literal text.
        const w = part.isNamed ? wordOf(part) : { value: part.text, raw: part.text };
        if (w.opaque) return computed(node, w.opaque);
        value += w.value;
        raw += w.raw;
        if (part.type === 'word' || !part.isNamed) unquoted += part.text;
      }
      const why = expansionIn(unquoted);
      return why ? computed(node, why) : { value, raw };
    }
    default:
      return computed(node, COMPUTED[node.type] ?? `\`${node.type}\` syntax`);
  }
}

const DROPPED = new Set(['variable_assignment', 'file_redirect', 'heredoc_redirect', 'herestring_redirect', 'comment']);

/**
 * The words of a `command` node: its name and arguments; assignments and redirections dropped. Nodes that touch
 * (`"a"\\b`, which tree-sitter-bash reads as two nodes) are one word, as the shell reads them.
 */
function commandWords(node: Node): ShellWord[] {
  const words: ShellWord[] = [];
  let end = -1;
  for (const child of node.namedChildren) {
    if (!child || DROPPED.has(child.type)) {
      end = -1;
      continue;
    }
    const target = child.type === 'command_name' ? child.namedChildren[0] : child;
    if (!target) continue;
    const word = wordOf(target);
    const previous = words[words.length - 1];
    if (previous && target.startIndex === end) {
      const opaque = previous.opaque ?? word.opaque;
      const joined = { value: previous.value + word.value, raw: previous.raw + word.raw };
      words[words.length - 1] = opaque ? { ...joined, opaque } : joined;
    } else words.push(word);
    end = target.endIndex;
  }
  return words;
}

/**
 * Words tree-sitter-bash leaves out of a statement's command before its first redirection (`python3 - <<'PY'` loses
 * the `-`): the text between the two, as plain words, or one opaque word when it is not plain. Read from the
 * statement downwards (a node's parent costs a walk from the root).
 */
function droppedWords(statement: Node): { command: Node; words: ShellWord[] } | undefined {
  const [command, next] = statement.namedChildren;
  if (command?.type !== 'command' || !next || !statement.text.startsWith(command.text)) return undefined;
  const rest = statement.text.slice(command.text.length);
  const gap = rest.slice(0, Math.max(0, rest.indexOf(next.text))).trim();
  if (gap === '') return undefined;
  if (/^[^\s'"\\$`<>|&;()]+(?:[ \t]+[^\s'"\\$`<>|&;()]+)*$/.test(gap))
    return { command, words: gap.split(/[ \t]+/).map((text) => ({ value: text, raw: text })) };
  return { command, words: [{ value: gap, raw: gap, opaque: 'text the shell grammar does not read' }] };
}

/** Every simple command in a parsed script, found by walking the whole tree (substitutions, bodies, conditions). */
export function commandsOfTree(root: Node): ScriptCommands {
  const commands: ShellWord[][] = [];
  const opaque: string[] = [];
  const dropped = new Map<number, ShellWord[]>();
  const cursor = root.walk();
  try {
    for (let more = true; more;) {
      const node = cursor.currentNode;
      if (node.type === 'redirected_statement') {
        const found = droppedWords(node);
        if (found) dropped.set(found.command.id, found.words);
      } else if (node.type === 'command') {
        const words = commandWords(node);
        const extra = dropped.get(node.id);
        if (extra) words.push(...extra);
        if (words.length > 0) commands.push(words);
      } else if ((node.type === 'ERROR' || node.isMissing) && opaque.length === 0) {
        const near = node.text.slice(0, 40);
        opaque.push(`the script does not parse as shell syntax${near ? ` (near \`${near}\`)` : ''}`);
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) {
          more = false;
          break;
        }
      }
    }
  } finally {
    cursor.delete();
  }
  return { commands, opaque };
}
