import { wrap } from '../output.js';

export const MAX_CELL = 60;
/** The narrowest a column gets when a table is fitted to a narrow terminal (its last column: `MIN_LAST`). */
const MIN_COLUMN = 8;
const MIN_LAST = 24;

/** Shortens a cell to one line of at most `max` characters. */
export function cell(text: string, max = MAX_CELL): string {
  const flat = text.replace(/\\n|\s*\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, Math.max(0, max - 1))}…` : flat;
}

export interface TableOptions {
  /** The widest a line may be: the widest columns are narrowed and their cells wrap. Default: no limit. */
  readonly width?: number;
  /** Styles the header row (after padding, so colour codes never misalign it). */
  readonly header?: (text: string) => string;
}

/** A cell's lines at `width`: itself when it fits, else wrapped at spaces (a longer word is cut). */
const fit = (text: string, width: number) => (text.length <= width ? [text] : wrap(text, width));

/**
 * Renders rows as aligned columns under a header. Cells are shortened to `MAX_CELL`, except in the last column. When
 * the table is wider than `width`, the widest columns are narrowed (the last one keeps room for `MIN_LAST`
 * characters) and cells wrap inside their column.
 */
export function table(
  header: readonly string[],
  input: readonly (readonly string[])[],
  options: TableOptions = {},
): string {
  const width = options.width ?? Infinity;
  const last = header.length - 1;
  const rows = input.map((r) => r.map((c, i) => cell(c, i === last ? Infinity : MAX_CELL)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const before = () => widths.slice(0, last).reduce((sum, w) => sum + w + 2, 0);
  while (before() + Math.min(widths[last]!, MIN_LAST) > width) {
    const widest = widths.slice(0, last).reduce((best, w, i) => (w > widths[best]! ? i : best), 0);
    if (widths[widest]! <= MIN_COLUMN) break;
    widths[widest]!--;
  }
  widths[last] = Math.max(1, Math.min(widths[last]!, width - before()));
  const render = (cells: readonly string[], style: (text: string) => string = (t) => t) => {
    const wrapped = widths.map((w, i) => fit(cells[i] ?? '', w));
    const height = Math.max(...wrapped.map((c) => c.length));
    return Array.from({ length: height }, (_, n) =>
      style(
        wrapped
          .map((c, i) => (i === last ? (c[n] ?? '') : (c[n] ?? '').padEnd(widths[i]!)))
          .join('  ')
          .trimEnd(),
      ),
    );
  };
  return [
    ...render(header, options.header),
    ...render(widths.map((w) => '-'.repeat(w))),
    ...rows.flatMap((r) => render(r)),
  ].join('\n');
}
