import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '@ratchet/test-utils';
import { loadVectorFiles, notIn, outsideVectorDir, vectorDir, type Vector } from './vectors.js';

const vector = (id: string, decision: string): Vector => ({ id, kind: 'check', command: ['x'], expect: { decision } });

describe('where vectors come from', () => {
  it('keeps the conformance vectors and their FORMAT.md in the repository', () => {
    expect(vectorDir).toBe(resolve(repoRoot, 'test/conformance/vectors'));
    const files = loadVectorFiles();
    expect(files.map((f) => f.file)).toEqual(['exec_rules.json', 'features.json', 'hooks.json', 'requirements.json']);
    expect(files.reduce((n, f) => n + f.vectors.length, 0)).toBeGreaterThanOrEqual(111);
  });

  it('runs an outside folder in addition: the one named, else shared/conformance beside the repository', () => {
    const named = mkdtempSync(join(tmpdir(), 'ratchet-vectors-'));
    expect(outsideVectorDir({ RATCHET_CONFORMANCE_DIR: named })).toBe(named);
    expect(() => outsideVectorDir({ RATCHET_CONFORMANCE_DIR: join(named, 'missing') })).toThrow('does not exist');
    const beside = resolve(repoRoot, '../shared/conformance');
    expect([beside, undefined]).toContain(outsideVectorDir({}));
  });

  it('runs from the outside folder only the cases the repository copy lacks', () => {
    const known = [{ vectors: [vector('a', 'allow'), vector('b', 'prompt')] }];
    const outside = [
      { file: 'x.json', vectors: [vector('a', 'allow'), vector('b', 'forbidden'), vector('c', 'none')] },
      { file: 'y.json', vectors: [vector('a', 'allow')] },
    ];
    expect(notIn(outside, known)).toEqual([
      { file: 'x.json', vectors: [vector('b', 'forbidden'), vector('c', 'none')] },
    ]);
  });
});
