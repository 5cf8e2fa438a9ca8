import { isTable, valueAt, type ConfigEdit } from '@ratchet/core';
import { parse } from 'smol-toml';
import type { AST } from 'toml-eslint-parser';
import {
  indexToml,
  lineEnd,
  lineStart,
  samePath,
  startsWith,
  type Entry,
  type Section,
  type TomlIndex,
} from './document.js';
import { editedTable, sameValue } from './model.js';
import { renderKey, renderValue } from './render.js';
import { replaceValue } from './replace.js';

const KEY = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

const keyPath = (path: readonly string[]) => path.map(renderKey).join('.');

const splice = (text: string, start: number, end: number, insert = '') =>
  text.slice(0, start) + insert + text.slice(end);

/** `{ a = { b = value } }` for path `a.b`; null-prototype, so any key is an ordinary key. */
function nest(path: readonly string[], value: unknown): unknown {
  return path.reduceRight<unknown>(
    (inner, key) => Object.assign(Object.create(null) as object, { [key]: inner }),
    value,
  );
}

/** The first section, else the first entry, at or below `path`. */
function firstUnder(doc: TomlIndex, path: readonly string[]): Section | Entry | undefined {
  return (
    doc.sections.find((s) => s.kind !== 'root' && startsWith(s.path, path)) ??
    doc.entries.find((e) => startsWith(e.path, path))
  );
}

/** The span that removes a section (header through its last line) or an entry (its whole line, or its member and one comma). */
function removal(text: string, target: Section | Entry): [number, number] {
  const node = target.node;
  if ('lines' in target) return [lineStart(text, node.range[0]), lineEnd(text, node.range[1])];
  const { inline } = target;
  if (inline) {
    const members = inline.body;
    const i = members.indexOf(target.node);
    if (members.length === 1) return [inline.range[0] + 1, inline.range[1] - 1];
    return i < members.length - 1
      ? [node.range[0], members[i + 1]!.range[0]]
      : [members[i - 1]!.range[1], node.range[1]];
  }
  let start = lineStart(text, node.range[0]);
  if (text.slice(start, node.range[0]).trim() !== '') start = node.range[0];
  const end = lineEnd(text, node.range[1]);
  // The last line of a text without a final line break takes the line break before it, keeping that style.
  if (end === text.length && !text.endsWith('\n') && start > 0 && text[start - 1] === '\n')
    start -= text[start - 2] === '\r' ? 2 : 1;
  return [start, end];
}

/**
 * Removes the key at `path` and everything below it. Sections go first, all in one pass (removing one
 * `[[array]]` element alone could orphan a table under it); then lines and inline-table members, one at a
 * time. The table that held the key stays: if nothing else defines it, it is written back empty.
 */
function unsetKey(text: string, path: readonly string[]): string {
  let doc = indexToml(text);
  if (!firstUnder(doc, path)) return text;
  const parent = path.slice(0, -1);
  const outside = (p: readonly string[]) => startsWith(p, parent) && !startsWith(p, path);
  const keepParent =
    parent.length > 0 &&
    !doc.sections.some((s) => s.kind !== 'root' && outside(s.path)) &&
    !doc.entries.some((e) => outside(e.path));
  const sections = doc.sections.filter((s) => s.kind !== 'root' && startsWith(s.path, path));
  if (sections.length > 0) {
    const merged: [number, number][] = [];
    for (const [start, end] of sections.map((s) => withBlankLines(doc.text, ...removal(doc.text, s)))) {
      const last = merged.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    doc = indexToml(merged.reduceRight((next, [start, end]) => splice(next, start, end), doc.text));
  }
  for (let target = firstUnder(doc, path); target; target = firstUnder(doc, path)) {
    doc = indexToml(splice(doc.text, ...removal(doc.text, target)));
  }
  return keepParent ? setKey(doc.text, parent, Object.create(null)) : doc.text;
}

const blank = (line: string) => line.trim() === '';

/**
 * A removed section's span widened by the blank lines that separated it, so that removing a section between
 * blank lines leaves one blank line: those after it when it follows a blank line (or starts the file), else,
 * at the end of the file, those before it.
 */
function withBlankLines(text: string, start: number, end: number): [number, number] {
  const before = start === 0 || blank(text.slice(lineStart(text, start - 1), start));
  let to = end;
  while (to < text.length && blank(text.slice(to, lineEnd(text, to)))) to = lineEnd(text, to);
  if (to < text.length) return [start, before ? to : end];
  let from = start;
  while (from > 0 && blank(text.slice(lineStart(text, from - 1), from))) from = lineStart(text, from - 1);
  return [from, to];
}

/** Inserts `line` at offset `at` (a line start, or the end of a text without a final line break). */
function insertLine(text: string, at: number, line: string, eol: string): string {
  if (at === text.length && text !== '' && !text.endsWith('\n')) return `${text}${eol}${line}`;
  return splice(text, at, at, `${line}${eol}`);
}

/** Writes `rel = value` in a section's body: after `after` (default its last line), with that line's indentation. */
function insertInSection(
  doc: TomlIndex,
  section: Section,
  rel: readonly string[],
  value: unknown,
  after = section.lines.at(-1),
): string {
  const { text, eol } = doc;
  const line = `${keyPath(rel)} = ${renderValue(value)}`;
  if (after) {
    const indent = /^[ \t]*/.exec(text.slice(lineStart(text, after.range[0]), after.range[0]))![0];
    return insertLine(text, lineEnd(text, after.range[1]), indent + line, eol);
  }
  if (section.kind !== 'root') return insertLine(text, lineEnd(text, section.node.range[0]), line, eol);
  // A top level with no keys: above the first header and the comment lines directly above it.
  const first = doc.sections[1];
  if (!first) return insertLine(text, text.length, line, eol);
  let at = lineStart(text, first.node.range[0]);
  while (
    at > 0 &&
    text
      .slice(lineStart(text, at - 1), at)
      .trimStart()
      .startsWith('#')
  )
    at = lineStart(text, at - 1);
  return insertLine(text, at, line, eol);
}

/** Adds a member to an inline table, after its last one. */
function insertInline(doc: TomlIndex, table: AST.TOMLInlineTable, rel: readonly string[], value: unknown): string {
  const member = `${renderKey(rel[0]!)} = ${renderValue(nest(rel.slice(1), value))}`;
  const last = table.body.at(-1);
  if (last) return splice(doc.text, last.range[1], last.range[1], `, ${member}`);
  const [open, close] = [table.range[0] + 1, table.range[1] - 1];
  return doc.text.slice(open, close).trim() === ''
    ? splice(doc.text, open, close, ` ${member} `)
    : splice(doc.text, open, open, ` ${member}`);
}

/** Appends a `[path]` table holding `table`'s keys, one a line, at the end after a blank line. */
function appendTable(doc: TomlIndex, path: readonly string[], table: Record<string, unknown>): string {
  const { eol } = doc;
  let text = doc.text;
  if (text.trim() !== '') {
    if (!text.endsWith('\n')) text += eol;
    if (!/\n[ \t]*\r?\n$/.test(text)) text += eol;
  }
  const lines = Object.entries(table)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${renderKey(k)} = ${renderValue(v)}${eol}`);
  return `${text}[${keyPath(path)}]${eol}${lines.join('')}`;
}

/**
 * Writes a key nothing defines yet into the table that owns it: its `[table]`, or beside the dotted keys that
 * define it. A missing table is appended at the end as a `[table]` header with the key; a table value whose
 * parent is the top level or missing becomes a `[table]` of its own, elsewhere an inline table.
 */
function insertNew(doc: TomlIndex, path: readonly string[], value: unknown): string {
  const parent = path.slice(0, -1);
  const last = path[path.length - 1]!;
  const root = doc.sections[0]!;
  if (parent.length === 0)
    return isTable(value) ? appendTable(doc, path, value) : insertInSection(doc, root, [last], value);
  const table = doc.sections.find((s) => s.kind === 'standard' && s.addressable && samePath(s.path, parent));
  if (table) return insertInSection(doc, table, [last], value);
  // A table defined by dotted keys (`features.x = 1`) can only grow there; the new line goes after its last sibling.
  const siblings = doc.entries.filter(
    (e) => !e.inline && startsWith(e.path, parent) && e.section.path.length < parent.length,
  );
  const sibling = siblings.at(-1);
  if (sibling)
    return insertInSection(doc, sibling.section, path.slice(sibling.section.path.length), value, sibling.node);
  return isTable(value)
    ? appendTable(doc, path, value)
    : appendTable(doc, parent, nest([last], value) as Record<string, unknown>);
}

/** Sets the key at `path`, changing as little text as it can. */
function setKey(text: string, path: readonly string[], value: unknown): string {
  const doc = indexToml(text);
  if (sameValue(valueAt(doc.value, path), value)) return text;
  const exact = doc.entries.find((e) => samePath(e.path, path));
  if (exact) return replaceValue(doc, exact, value);
  const current = valueAt(doc.value, path);
  if (isTable(value) && isTable(current)) {
    // A table over a table: key by key, so the header, comments and unchanged keys stay where they are.
    let next = text;
    for (const [key, item] of Object.entries(value)) if (item !== undefined) next = setKey(next, [...path, key], item);
    for (const key of Object.keys(current))
      if (!Object.hasOwn(value, key) || value[key] === undefined) next = unsetKey(next, [...path, key]);
    return next;
  }
  const above = doc.entries
    .filter((e) => e.path.length < path.length && startsWith(path, e.path))
    .sort((a, b) => a.path.length - b.path.length)
    .at(-1);
  if (above) {
    const rest = path.slice(above.path.length);
    if (above.node.value.type === 'TOMLInlineTable') return insertInline(doc, above.node.value, rest, value);
    return replaceValue(doc, above, nest(rest, value));
  }
  // An array of tables at or above the key is replaced, as is a table the value replaces.
  const array = doc.sections.find((s) => !s.addressable && startsWith(path, s.path));
  if (array) return setKey(unsetKey(text, array.path), path, value);
  if (firstUnder(doc, path)) return setKey(unsetKey(text, path), path, value);
  return insertNew(doc, path, value);
}

/**
 * Applies edits to TOML text, touching only the edited values: a set replaces a value in place or writes one
 * new line (or a new `[table]` at the end); an unset removes just the key's line. The result is checked to
 * read back as the old document with the edits applied; the error for a mismatch is a bug report, not input.
 */
export function applyEdits(text: string, edits: readonly ConfigEdit[]): string {
  let next = text;
  for (const edit of edits) {
    if (!KEY.test(edit.key)) throw new TypeError(`not a dotted key: ${JSON.stringify(edit.key)}`);
    const path = edit.key.split('.');
    next = edit.value === undefined ? unsetKey(next, path) : setKey(next, path, edit.value);
  }
  let same = false;
  try {
    same = sameValue(parse(next), editedTable(parse(text), edits));
  } catch {
    same = false;
  }
  if (!same)
    throw new Error(
      `config-edit: the edited document does not read back as the edits applied (${edits.map((e) => e.key).join(', ')})`,
    );
  return next;
}
