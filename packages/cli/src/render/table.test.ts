import { describe, expect, it } from 'vitest';
import { cell, MAX_CELL, table } from './table.js';

describe('cell', () => {
  it('keeps short text', () => expect(cell('"on-request"')).toBe('"on-request"'));
  it('flattens newlines, real or escaped', () => expect(cell('a\n  b\\nc')).toBe('a b c'));
  it('shortens long text to the limit with an ellipsis', () => {
    const out = cell('x'.repeat(200));
    expect(out).toHaveLength(MAX_CELL);
    expect(out.endsWith('…')).toBe(true);
  });
  it('takes a smaller limit', () => expect(cell('abcdefgh', 4)).toBe('abc…'));
});

describe('table', () => {
  it('aligns columns under a header and a rule, without trailing spaces', () => {
    const out = table(
      ['KEY', 'VALUE'],
      [
        ['approval_policy', '"never"'],
        ['a', '-'],
      ],
    ).split('\n');
    expect(out).toEqual([
      'KEY              VALUE',
      '---------------  -------',
      'approval_policy  "never"',
      'a                -',
    ]);
  });
});
