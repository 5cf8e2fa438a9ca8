export const MAX_CELL = 60;

/** Shortens a cell to one line of at most `max` characters. */
export function cell(text: string, max = MAX_CELL): string {
  const flat = text.replace(/\\n|\s*\n\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Renders rows as aligned columns under a header; long cells are shortened, except in the last column (nothing follows it). */
export function table(header: readonly string[], input: readonly (readonly string[])[]): string {
  const rows = input.map((r) => r.map((c, i) => cell(c, i === r.length - 1 ? Infinity : MAX_CELL)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const render = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [render(header), render(widths.map((w) => '-'.repeat(w))), ...rows.map(render)].join('\n');
}
