import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'smol-toml';
import { parseTOML } from 'toml-eslint-parser';
import type { ConfigEdit } from '@ratchet/core';
import { lawSeed } from '@ratchet/testkit';
import { applyEdits } from './apply.js';
import { indexToml, lineEnd, lineStart } from './document.js';
import { lineDiff } from './line-diff.test-helper.js';

const seed = lawSeed();
type Tree = Record<string, unknown>;

/** Plain table test: `applyEdits` and its model use the core's; this oracle is written out again on its own. */
const isTable = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The document with the edits applied: a set makes the tables on its way (replacing non-tables); an unset removes the key if it is there. */
function expected(doc: Tree, edits: readonly ConfigEdit[]): Tree {
  const root = structuredClone(doc);
  for (const { key, value } of edits) {
    const path = key.split('.');
    const last = path.pop()!;
    let node: Tree | undefined = root;
    for (const part of path) {
      if (!isTable(node[part])) {
        if (value === undefined) {
          node = undefined;
          break;
        }
        node[part] = {};
      }
      node = node[part] as Tree;
    }
    if (node === undefined) continue;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return root;
}

const BARE = ['a', 'b', 'model', 'features', 'profiles', 'x-y', 'k_1'];
const docKey = fc.oneof(
  { arbitrary: fc.constantFrom(...BARE), weight: 6 },
  { arbitrary: fc.constantFrom('ü ☃', 'a b', 'a.b', '"q"', ''), weight: 1 },
);
const char = fc.constantFrom(
  'a',
  'Z',
  ' ',
  '"',
  "'",
  '\\',
  '\n',
  '\t',
  '\r',
  '\u0000',
  '\u007f',
  'é',
  '☃',
  '😀',
  '#',
  '=',
  '[',
  ']',
  '{',
);
const leaf = fc.oneof(
  fc.string({ unit: char, maxLength: 8 }),
  fc.boolean(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.maxSafeInteger(),
);
const { value, table } = fc.letrec<{ value: unknown; array: unknown[]; table: Tree; tables: Tree[] }>((tie) => ({
  value: fc.oneof({ maxDepth: 3, depthIdentifier: 'v' }, leaf, tie('array'), tie('table'), tie('tables')),
  array: fc.array(fc.oneof({ maxDepth: 3, depthIdentifier: 'v' }, leaf, tie('array')), { maxLength: 3 }),
  table: fc.dictionary(docKey, tie('value'), { maxKeys: 4, noNullPrototype: true }),
  tables: fc.array(tie('table'), { minLength: 1, maxLength: 2 }),
}));

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
const HANDWRITTEN = [
  fixture('styled.toml'),
  fixture('styled.edited.toml'),
  '# only a comment\n',
  '',
  'a = 1\r\n\r\n[features]\r\nb = "x"  # crlf\r\n',
  'features.a = true\nfeatures.b = { c = [1, 2], "d e" = "f" }\n\n[profiles.a]\nmodel = "o3"\n[profiles.b.features]\nx-y = false',
  "[[profiles]]\nmodel = 'a'\n[profiles.features]\nb = 1\n[[profiles]]\n\n[a]\nb.c.d = 1 # deep\nk_1 = []\n",
];

/** Every bare dotted key path of a document, so edits hit existing keys often. */
function paths(node: unknown, prefix: string[] = []): string[][] {
  if (!isTable(node)) return [];
  return Object.entries(node).flatMap(([k, v]) =>
    /^[A-Za-z0-9_-]+$/.test(k) ? [[...prefix, k], ...paths(v, [...prefix, k])] : [],
  );
}

const documents = fc.oneof(
  table.map((doc) => stringify(doc)),
  fc.constantFrom(...HANDWRITTEN),
);
const cases = documents.chain((text) => {
  const known = paths(parse(text));
  const randomPath = fc.array(fc.constantFrom(...BARE), { minLength: 1, maxLength: 3 });
  const path =
    known.length === 0
      ? randomPath
      : fc.oneof(
          fc.constantFrom(...known),
          fc.tuple(fc.constantFrom(...known), randomPath).map(([a, b]) => [...a, ...b]),
          randomPath,
        );
  const edit = fc.record({ key: path.map((p) => p.join('.')), value: fc.option(value, { nil: undefined, freq: 3 }) });
  return fc.record({ text: fc.constant(text), edits: fc.array(edit, { minLength: 1, maxLength: 4 }) });
});

/** Single-line `key = value` lines with a one-segment key: removing one never empties a table that then has to be written back. */
const lineEntries = (text: string) =>
  indexToml(text).entries.filter(
    (e) =>
      !e.inline &&
      e.node.key.keys.length === 1 &&
      e.node.loc.start.line === e.node.loc.end.line &&
      e.path.every((p) => /^[A-Za-z0-9_-]+$/.test(p)),
  );

describe(`applyEdits on arbitrary documents and edits (fast-check seed ${seed})`, () => {
  it('the written text reads back (smol-toml) as exactly the old document with the edits applied', () => {
    fc.assert(
      fc.property(cases, ({ text, edits }) => {
        const out = applyEdits(text, edits);
        expect(parse(out)).toEqual(expected(parse(text), edits));
      }),
      { seed, numRuns: 200 },
    );
  });

  it('TOML 1.0 in, TOML 1.0 out: nothing written needs TOML 1.1', () => {
    const generated = table
      .map((doc) => stringify(doc))
      .chain((text) =>
        fc.record({
          text: fc.constant(text),
          edits: fc.array(
            fc.record({
              key: fc.array(fc.constantFrom(...BARE), { minLength: 1, maxLength: 3 }).map((p) => p.join('.')),
              value: fc.option(value, { nil: undefined }),
            }),
            { minLength: 1, maxLength: 3 },
          ),
        }),
      );
    fc.assert(
      fc.property(generated, ({ text, edits }) => {
        parseTOML(text, { tomlVersion: '1.0' });
        expect(() => parseTOML(applyEdits(text, edits), { tomlVersion: '1.0' })).not.toThrow();
      }),
      { seed, numRuns: 200 },
    );
  });

  it('setting every key to the value it has leaves the text byte-identical', () => {
    fc.assert(
      fc.property(documents, (text) => {
        const edits = paths(parse(text))
          .filter((p) => !isTable(p.reduce<unknown>((n, k) => (n as Tree)[k], parse(text))))
          .map((p) => ({ key: p.join('.'), value: p.reduce<unknown>((n, k) => (n as Tree)[k], parse(text)) }));
        expect(applyEdits(text, edits)).toBe(text);
      }),
      { seed, numRuns: 100 },
    );
  });
  it('setting or removing one `key = value` line changes that line only, keeping the bytes around the value', () => {
    const lineEdits = documents.chain((text) => {
      const count = lineEntries(text).length;
      if (count === 0) return fc.constant(undefined);
      return fc.record({
        text: fc.constant(text),
        index: fc.nat({ max: count - 1 }),
        value: fc.option(leaf, { nil: undefined }),
      });
    });
    fc.assert(
      fc.property(lineEdits, (c) => {
        if (c === undefined) return;
        const { text, index, value } = c;
        const entry = lineEntries(text)[index]!;
        const [start, end] = [lineStart(text, entry.node.range[0]), lineEnd(text, entry.node.range[1])];
        const line = text.slice(start, end).replace(/\r?\n$/, '');
        const out = applyEdits(text, [{ key: entry.path.join('.'), value }]);
        if (out === text) return; // the value was already that
        const { removed, added } = lineDiff(text, out);
        expect(removed.map((l) => l.replace(/\r$/, ''))).toEqual([line]);
        if (value === undefined) {
          expect(added).toEqual([]);
        } else {
          expect(added).toHaveLength(1);
          expect(added[0]!.startsWith(text.slice(start, entry.node.value.range[0]))).toBe(true);
          expect(
            added[0]!.replace(/\r$/, '').endsWith(text.slice(entry.node.value.range[1], start + line.length)),
          ).toBe(true);
        }
      }),
      { seed, numRuns: 300 },
    );
  });
});
