import type { Colors } from 'picocolors/types.js';

/** Where a command writes: stdout for answers, stderr for problems. A terminal also says so and how wide it is. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export function line(out: Output, text = ''): void {
  out.write(`${text}\n`);
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Whether to colour what goes to `out`: never with `NO_COLOR` set (any value but empty); with `FORCE_COLOR` set,
 * unless it is `0` or `false`; otherwise only on a terminal that is not `TERM=dumb`.
 */
export function colorEnabled(out: Output, env: Env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  return out.isTTY === true && env.TERM !== 'dumb';
}

/** The styles Ratchet's output uses. */
type Palette = Pick<Colors, 'bold' | 'dim' | 'green' | 'red' | 'yellow'>;

/** Every style a no-op. */
const PLAIN: Palette = { bold: String, dim: String, green: String, red: String, yellow: String };

let palette: Palette | undefined;

/**
 * The colours for `out` (each a no-op when colour is off). picocolors is loaded only when colour is on: loading it
 * makes `process.stdout` (to guess a default this never uses), and with it Node's stream modules, which an answer
 * written straight to its descriptor does not otherwise load.
 */
export function colors(out: Output, env: Env = process.env): Palette {
  if (!colorEnabled(out, env)) return PLAIN;
  const load = (): unknown => process.getBuiltinModule('node:module').createRequire(import.meta.url)('picocolors');
  palette ??= (load() as typeof import('picocolors')).createColors(true);
  return palette;
}

/**
 * How many columns `out` has: a terminal's own width; otherwise `COLUMNS` when it is a number, else 80. Never fewer
 * than 40, so a table always has room for its columns.
 */
export function widthOf(out: Output, env: Env = process.env): number {
  const columns = Number(env.COLUMNS);
  const width =
    out.isTTY && out.columns !== undefined && out.columns > 0
      ? out.columns
      : Number.isInteger(columns) && columns > 0
        ? columns
        : 80;
  return Math.max(40, width);
}

/** Breaks `text` into lines of at most `width` characters at spaces (a longer word is cut), later lines indented. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let current = '';
  const room = () => width - (lines.length === 0 ? 0 : indent.length);
  for (let word of text.split(/\s+/).filter((w) => w !== '')) {
    while (word.length > 0) {
      const sep = current === '' ? '' : ' ';
      if (current.length + sep.length + word.length <= room()) {
        current += sep + word;
        word = '';
      } else if (current !== '') {
        lines.push(current);
        current = '';
      } else {
        current = word.slice(0, room());
        word = word.slice(room());
        if (word.length > 0) {
          lines.push(current);
          current = '';
        }
      }
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines.map((l, i) => (i === 0 ? l : indent + l));
}

const DECISION_COLORS = {
  allow: 'green',
  prompt: 'yellow',
  ask: 'yellow',
  forbidden: 'red',
  deny: 'red',
  block: 'red',
} as const;

/** A decision word, coloured by how strict it is when `out` takes colour. */
export function decisionText(out: Output, decision: string): string {
  const color = Object.hasOwn(DECISION_COLORS, decision)
    ? DECISION_COLORS[decision as keyof typeof DECISION_COLORS]
    : 'dim';
  return colors(out)[color](decision);
}

/** `ratchet: warning: TEXT` on `err`, the label coloured. */
export function warnLine(err: Output, text: string): void {
  line(err, `ratchet: ${colors(err).yellow('warning')}: ${text}`);
}
