import { parse } from 'smol-toml';
import { parseTOML, type AST } from 'toml-eslint-parser';

/** A `[table]` or `[[array]]` section of a document, or its top level (before the first header). */
export interface Section {
  readonly kind: 'root' | 'standard' | 'array';
  /**
   * The table path. Dotted keys cannot reach inside an array of tables, so for an `[[array]]` element, and for
   * a table under one, this is the array's key only and `addressable` is false.
   */
  readonly path: readonly string[];
  readonly addressable: boolean;
  readonly node: AST.TOMLTopLevelTable | AST.TOMLTable;
  /** The `key = value` lines directly in its body. */
  readonly lines: readonly AST.TOMLKeyValue[];
}

/** A `key = value` an edit can address: a line in a section's body, or a member of an inline table below one. */
export interface Entry {
  /** The full dotted path of the key. */
  readonly path: readonly string[];
  /** The path the written key is relative to: its section's, or the key holding its inline table. */
  readonly base: readonly string[];
  readonly node: AST.TOMLKeyValue;
  readonly section: Section;
  /** The inline table it is a member of, if it is one. */
  readonly inline?: AST.TOMLInlineTable;
}

/** A parsed document with the source spans edits work on. */
export interface TomlIndex {
  readonly text: string;
  readonly sections: readonly Section[];
  readonly entries: readonly Entry[];
  /** The document as a plain value, as smol-toml reads it. */
  readonly value: Record<string, unknown>;
  /** The line ending new lines get: the file's own (`\r\n` when it uses it). */
  readonly eol: string;
}

export function keyNames(key: AST.TOMLKey): string[] {
  return key.keys.map((k) => (k.type === 'TOMLBare' ? k.name : k.value));
}

export function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((part, i) => path[i] === part);
}

export function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && startsWith(a, b);
}

/** Parses TOML text (1.1, as smol-toml reads it) into sections and addressable entries; throws toml-eslint-parser's ParseError. */
export function indexToml(text: string): TomlIndex {
  const program = parseTOML(text);
  const top = program.body[0];
  const sections: Section[] = [];
  const entries: Entry[] = [];
  const addEntries = (
    section: Section,
    base: readonly string[],
    nodes: readonly AST.TOMLKeyValue[],
    inline?: AST.TOMLInlineTable,
  ) => {
    for (const node of nodes) {
      const path = [...base, ...keyNames(node.key)];
      entries.push({ path, base, node, section, ...(inline && { inline }) });
      if (node.value.type === 'TOMLInlineTable') addEntries(section, path, node.value.body, node.value);
    }
  };
  const root: Section = {
    kind: 'root',
    path: [],
    addressable: true,
    node: top,
    lines: top.body.filter((n): n is AST.TOMLKeyValue => n.type === 'TOMLKeyValue'),
  };
  sections.push(root);
  addEntries(root, [], root.lines);
  for (const node of top.body) {
    if (node.type !== 'TOMLTable') continue;
    const index = node.resolvedKey.findIndex((part) => typeof part === 'number');
    const path = (index === -1 ? node.resolvedKey : node.resolvedKey.slice(0, index)) as string[];
    const section: Section = {
      kind: node.kind,
      path,
      addressable: node.kind === 'standard' && index === -1,
      node,
      lines: node.body,
    };
    sections.push(section);
    if (section.addressable) addEntries(section, path, node.body);
  }
  return {
    text,
    sections,
    entries,
    // smol-toml keeps a key such as `__proto__` as an own property; toml-eslint-parser's static value does not.
    value: parse(text),
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** Where the line holding offset `i` starts. */
export function lineStart(text: string, i: number): number {
  // lastIndexOf treats a negative start as 0 and would find a line break at offset 0.
  return i <= 0 ? 0 : text.lastIndexOf('\n', i - 1) + 1;
}

/** Where the line holding offset `i` ends, after its line break (or the end of the text). */
export function lineEnd(text: string, i: number): number {
  const n = text.indexOf('\n', i);
  return n === -1 ? text.length : n + 1;
}
