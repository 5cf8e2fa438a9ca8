import { describe, expect, it } from 'vitest';
import { colorEnabled, widthOf, wrap } from './output.js';

const tty = { write: () => true, isTTY: true, columns: 120 };
const pipe = { write: () => true };

describe('colorEnabled', () => {
  it.each([
    [tty, {}, true],
    [tty, { TERM: 'dumb' }, false],
    [pipe, {}, false],
    [pipe, { CI: 'true' }, false],
    [pipe, { FORCE_COLOR: '1' }, true],
    [pipe, { FORCE_COLOR: '0' }, false],
    [pipe, { FORCE_COLOR: 'false' }, false],
    [tty, { NO_COLOR: '1' }, false],
    [tty, { NO_COLOR: '' }, true],
    [pipe, { FORCE_COLOR: '1', NO_COLOR: 'yes' }, false],
  ] as const)('%o with %o: %s', (out, env, expected) => expect(colorEnabled(out, env)).toBe(expected));
});

describe('widthOf', () => {
  it("a terminal's own width, else COLUMNS, else 80; never under 40", () => {
    expect(widthOf(tty, { COLUMNS: '60' })).toBe(120);
    expect(widthOf(pipe, { COLUMNS: '60' })).toBe(60);
    expect(widthOf(pipe, {})).toBe(80);
    expect(widthOf(pipe, { COLUMNS: 'wide' })).toBe(80);
    expect(widthOf(pipe, { COLUMNS: '10' })).toBe(40);
  });
});

describe('wrap', () => {
  it('breaks at spaces, indents later lines, cuts a word longer than the line', () => {
    expect(wrap('aaa bbb ccc', 7, '  ')).toEqual(['aaa bbb', '  ccc']);
    expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrap('', 10)).toEqual(['']);
  });
});
