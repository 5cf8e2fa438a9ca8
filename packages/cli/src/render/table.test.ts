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

describe('table at a width', () => {
  const rows = [
    ['approval_policy', '"on-request"  (replaced)', 'allowed_approval_policies (examples/requirements.toml)'],
    ['a', 'b', 'c'],
  ];

  it('is unchanged when it fits', () => {
    expect(table(['KEY', 'VALUE', 'BY'], rows, { width: 200 })).toBe(table(['KEY', 'VALUE', 'BY'], rows));
  });

  it.each([40, 50, 60, 80])('fits %i columns, wrapping cells inside their columns and losing no word', (width) => {
    const out = table(['KEY', 'VALUE', 'BY'], rows, { width });
    for (const l of out.split('\n')) expect(l.length).toBeLessThanOrEqual(width);
    const words = out.replace(/\s+/g, '');
    for (const r of rows) for (const c of r) expect(words).toContain(c.replace(/\s+/g, '').slice(0, 8));
  });

  it('styles the header after padding it', () => {
    const out = table(['K', 'V'], [['key', 'v']], { header: (t) => `<${t}>` });
    expect(out.split('\n')[0]).toBe('<K    V>');
  });
});
