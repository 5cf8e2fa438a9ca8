import { describe, expect, it } from 'vitest';
import { heldVector } from './run-vector.js';
import { HELD_STRICTER } from './stricter.js';
import { loadVectorFiles } from './vectors.js';

describe('shared vectors held stricter', () => {
  const shared = loadVectorFiles().flatMap((f) => f.vectors);

  it('each names a shared vector, gives a stricter decision and a reason', () => {
    for (const [id, { reason }] of Object.entries(HELD_STRICTER)) {
      const vector = shared.find((v) => v.id === id);
      expect(vector, id).toBeDefined();
      expect(heldVector(vector!, true).problems, id).toEqual([]);
      expect(reason.length).toBeGreaterThan(40);
    }
  });

  it('a looser or equal override is refused, and project vectors are never overridden', () => {
    const id = Object.keys(HELD_STRICTER)[0]!;
    const vector = shared.find((v) => v.id === id)!;
    const already = { ...vector, expect: { decision: 'forbidden' } };
    expect(heldVector(already, true).problems).toEqual([expect.stringContaining('not stricter')]);
    expect(heldVector(vector, false).vector).toBe(vector);
  });
});
