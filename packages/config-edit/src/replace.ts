import { parse as patchParse, patch } from '@decimalturn/toml-patch';
import { parse as smolParse } from 'smol-toml';
import { parseTOML } from 'toml-eslint-parser';
import { keyNames, type Entry, type TomlIndex } from './document.js';
import { sameValue } from './model.js';
import { renderValue } from './render.js';

/** toml-patch's whole-document patch with the value at `path` replaced, or undefined when it fails. */
function viaPatch(text: string, path: readonly string[], value: unknown): string | undefined {
  // toml-patch builds plain objects; a key such as __proto__ cannot be set on one safely.
  if (path.some((part) => part === '__proto__' || part === 'constructor' || part === 'prototype')) return undefined;
  try {
    const object = patchParse(text) as Record<string, unknown>;
    let node: unknown = object;
    for (const part of path.slice(0, -1)) node = (node as Record<string, unknown>)[part];
    if (typeof node !== 'object' || node === null) return undefined;
    (node as Record<string, unknown>)[path[path.length - 1]!] = value;
    return patch(text, object);
  } catch {
    return undefined;
  }
}

/** A string's delimiter: `'`, `"`, `'''` or `"""`. */
const delimiter = (text: string) => /^('''|"""|'|")/.exec(text)?.[1];

/** Whether `written` is, on its own, a TOML 1.0 value equal to `rendered` (and nothing more), a string keeping the old one's delimiter. */
function writesSameValue(written: string, rendered: string, old: string): boolean {
  if (delimiter(written) !== undefined && delimiter(old) !== undefined && delimiter(written) !== delimiter(old))
    return false;
  try {
    parseTOML(`v = ${written}\n`, { tomlVersion: '1.0' });
    return sameValue(smolParse(`v = ${written}\n`), smolParse(`v = ${rendered}\n`));
  } catch {
    return false;
  }
}

/**
 * The text with the value of an existing `key = value` (a line, or an inline-table member) replaced.
 * toml-patch writes it first, since it keeps the old value's style (a literal string stays literal, a
 * multi-line array keeps its layout). It is given only that `key = value` as a document of its own (given
 * the whole file, it also rewrites lines it was not asked to touch, such as a tab-indented key), and its
 * result is used only when the key and everything around the value are byte-identical, the new value reads
 * back, under TOML 1.0, as exactly `value`, and a string kept its delimiter (toml-patch turns `'o3'` into
 * `'''it's'''` rather than `"it's"`). Otherwise the value is written plainly in its span.
 */
export function replaceValue(doc: TomlIndex, entry: Entry, value: unknown): string {
  const { text } = doc;
  const [keyStart, end] = entry.node.range;
  const [valueStart, valueEnd] = entry.node.value.range;
  const line = text.slice(keyStart, end);
  const [head, tail] = [line.slice(0, valueStart - keyStart), line.slice(valueEnd - keyStart)];
  const old = text.slice(valueStart, valueEnd);
  const rendered = renderValue(value);
  const patched = viaPatch(line, keyNames(entry.node.key), value);
  let written = rendered;
  if (
    patched !== undefined &&
    patched.length >= head.length + tail.length &&
    patched.startsWith(head) &&
    patched.endsWith(tail)
  ) {
    const candidate = patched.slice(head.length, patched.length - tail.length);
    if (writesSameValue(candidate, rendered, old)) written = candidate;
  }
  return text.slice(0, valueStart) + written + text.slice(valueEnd);
}
