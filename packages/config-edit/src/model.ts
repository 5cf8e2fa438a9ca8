import { isTable, type ConfigEdit } from '@ratchet/core';

type Tree = Record<string, unknown>;

/** A copy of `table` with `value` at `path` (`undefined` removes it); only the tables along the path are copied. */
function withValue(table: Tree, path: readonly string[], value: unknown): Tree {
  const [head, ...rest] = path as [string, ...string[]];
  const copy: Tree = Object.assign(Object.create(null) as Tree, table);
  const below = Object.hasOwn(table, head) ? table[head] : undefined;
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else if (isTable(below)) {
    copy[head] = withValue(below, rest, value);
  } else if (value !== undefined) {
    // Setting below a missing key or a non-table (a string, an array) makes it a table.
    copy[head] = withValue(Object.create(null) as Tree, rest, value);
  }
  return copy;
}

/**
 * What a document should read as after the edits: each one sets its key (making the tables on the way) or
 * removes it. Removing a key that is not there, or one below a value that is not a table, changes nothing;
 * a table a removal empties stays, empty.
 */
export function editedTable(table: Tree, edits: readonly ConfigEdit[]): Tree {
  return edits.reduce((acc, edit) => withValue(acc, edit.key.split('.'), edit.value), table);
}

/** Whether two TOML values are the same data: tables by their defined keys in any order, dates by their TOML text, integers whether number or bigint. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (
    (typeof a === 'bigint' || typeof b === 'bigint') &&
    (typeof a === 'number' || typeof a === 'bigint') &&
    (typeof b === 'number' || typeof b === 'bigint')
  ) {
    return Number.isInteger(Number(a)) && Number.isInteger(Number(b)) && BigInt(a) === BigInt(b);
  }
  if (a instanceof Date || b instanceof Date)
    return a instanceof Date && b instanceof Date && a.toISOString() === b.toISOString();
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (isTable(a) && isTable(b)) {
    const keys = (t: Tree) =>
      Object.keys(t)
        .filter((k) => t[k] !== undefined)
        .sort();
    const [ak, bk] = [keys(a), keys(b)];
    return ak.length === bk.length && ak.every((k, i) => k === bk[i] && sameValue(a[k], b[k]));
  }
  return a === b;
}
