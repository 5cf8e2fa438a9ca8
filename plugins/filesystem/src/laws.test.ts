import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineLayers, type LayeringMode } from '@ratchet/core';
import { checkLaws, lawSeed, TEST_SOURCE } from '@ratchet/testkit';
import { describeDecisionLaws, describeLaws } from '@ratchet/testkit/vitest';
import { entriesArbitrary, entryArbitrary, filesystemArbitraries, pathArbitrary } from './arbitraries.js';
import { DENY_READ_FIELD as DENY_READ } from './entries.js';
import { denyReadGate, type ReadVerdict } from './gate.js';
import { filesystemProvider, type FilesystemRequirement } from './provider.js';

const seed = lawSeed();
const provider = filesystemProvider({ homedir: () => '/home/test' });
describeLaws(provider, filesystemArbitraries);

const decide = (rules: readonly string[], path: string) => denyReadGate(rules, { caseInsensitive: false })(path);
const rank = (v: ReadVerdict) => (v.allowed ? 0 : 1);
describeDecisionLaws(
  { name: 'deny_read gate', decide, rank },
  { rules: entriesArbitrary, rule: entryArbitrary, query: pathArbitrary },
);

describe(`deny_read properties (fast-check seed ${seed})`, () => {
  const params = { seed, numRuns: 300 };
  const layer = (list: readonly string[]) => ({
    source: TEST_SOURCE,
    requirement: { [DENY_READ]: list } as Partial<FilesystemRequirement>,
  });
  const effective = (layers: readonly (readonly string[])[], mode: LayeringMode) =>
    combineLayers(provider, layers.map(layer), mode).value[DENY_READ] ?? [];

  it('adding a requirement layer, at any precedence, never lets a denied path be read', () => {
    const mode = fc.constantFrom<LayeringMode>('precedence', 'strict');
    fc.assert(
      fc.property(
        fc.array(entriesArbitrary, { maxLength: 3 }),
        entriesArbitrary,
        fc.nat(),
        pathArbitrary,
        mode,
        (layers, extra, at, path, m) => {
          const more = [...layers];
          more.splice(at % (layers.length + 1), 0, extra);
          return decide(effective(layers, m), path).allowed || !decide(effective(more, m), path).allowed;
        },
      ),
      params,
    );
  });

  it("the effective list is every layer's entries, each once", () => {
    fc.assert(
      fc.property(fc.array(entriesArbitrary, { maxLength: 4 }), (layers) => {
        const list = effective(layers, 'precedence');
        expect(new Set(list)).toEqual(new Set(layers.flat()));
        expect(new Set(list).size).toBe(list.length);
      }),
      params,
    );
  });

  it('the verdict does not depend on how a path is spelled', () => {
    const respell = fc.constantFrom(
      (p: string) => p.replaceAll('/', '//'),
      (p: string) => `${p}/`,
      (p: string) => p.replace(/\/([^/]+)$/, '/./$1'),
      (p: string) => p.replace(/\/([^/]+)$/, '/zz/../$1'),
    );
    fc.assert(
      fc.property(
        entriesArbitrary,
        pathArbitrary,
        respell,
        (rules, path, f) => decide(rules, f(path)).allowed === decide(rules, path).allowed,
      ),
      params,
    );
  });
});

describe('the laws catch a broken deny_read', () => {
  it('the real provider passes every law', () => {
    expect(checkLaws(provider, filesystemArbitraries, { numRuns: 200 })).toEqual([]);
  });

  it('a print that drops entries is caught', () => {
    const lossy = {
      ...provider,
      print: (r: Partial<FilesystemRequirement>) => provider.print({ [DENY_READ]: (r[DENY_READ] ?? []).slice(1) }),
    };
    expect(checkLaws(lossy, filesystemArbitraries, { numRuns: 200 }).map((f) => f.law)).toContain(
      'parse-print-roundtrip',
    );
  });
});
