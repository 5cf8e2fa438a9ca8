import { isTable } from '@ratchet/core';

/** A key segment as TOML writes it: bare when it can be, else a basic string. */
export function renderKey(segment: string): string {
  return /^[A-Za-z0-9_-]+$/.test(segment) ? segment : renderString(segment);
}

/** A basic string: `"`, `\` and control characters escaped, everything else (unicode included) as is. */
function renderString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

function renderNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isSafeInteger(n)) return String(n);
  // A float, or an integer too large to be exact: TOML needs a dot or an exponent for a float.
  const text = Number.isInteger(n) ? n.toExponential() : String(n);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

const I64 = 2n ** 63n;
// With the u flag a surrogate pair is one code point, so this matches only an unpaired half.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Why `value` cannot be written as a TOML value (`null`, a lone surrogate, an integer beyond 64 bits, a
 * function...), or undefined when it can. Table members whose value is `undefined` are left out, as in JSON.
 */
export function unwritable(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return LONE_SURROGATE.test(value) ? 'the string holds a lone surrogate' : undefined;
    case 'number':
    case 'boolean':
      return undefined;
    case 'bigint':
      return value >= -I64 && value < I64 ? undefined : 'the integer does not fit in 64 bits';
    case 'object':
      if (value === null) return 'TOML has no null';
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'the date is invalid' : undefined;
      if (Array.isArray(value)) {
        for (const item of value) {
          const why = item === undefined ? 'an array item is undefined' : unwritable(item);
          if (why) return why;
        }
        return undefined;
      }
      for (const [key, item] of Object.entries(value)) {
        const why = item === undefined ? undefined : unwritable(item);
        if (why) return why;
        if (LONE_SURROGATE.test(key)) return 'a key holds a lone surrogate';
      }
      return undefined;
    default:
      return `TOML has no ${typeof value}`;
  }
}

/**
 * A value in TOML syntax on one line: strings as basic strings, arrays as `[a, b]`, tables as inline tables
 * `{ k = v }`, dates as TOML dates. The caller checks `unwritable` first.
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return renderString(value);
  if (typeof value === 'number') return renderNumber(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  // smol-toml's TomlDate prints itself in TOML form (local dates and times included); a plain Date is an offset date-time.
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return `[${value.map(renderValue).join(', ')}]`;
  if (isTable(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0
      ? '{}'
      : `{ ${entries.map(([k, v]) => `${renderKey(k)} = ${renderValue(v)}`).join(', ')} }`;
  }
  throw new TypeError(`cannot write ${typeof value} as TOML`);
}
