import type { Position } from './errors.js';
import { fail, MAX_CONCAT_LENGTH, show, Tuple, typeName, type Value } from './values.js';

/** Joins formatted pieces, failing past the longest string the dialect builds. */
function joined(parts: readonly string[], at: Position, file: string): string {
  let length = 0;
  for (const part of parts) length += part.length;
  if (length > MAX_CONCAT_LENGTH) fail(file, at, `string too long (more than ${MAX_CONCAT_LENGTH} characters)`);
  return parts.join('');
}

/** An int directive's text: `d`/`i` decimal, `x`/`X` hex, `o` octal. */
function integer(value: Value, conversion: string, at: Position, file: string): string {
  if (typeof value !== 'bigint')
    return fail(file, at, `%${conversion} format requires an int (got ${typeName(value)})`);
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  const digits =
    conversion === 'x'
      ? magnitude.toString(16)
      : conversion === 'X'
        ? magnitude.toString(16).toUpperCase()
        : conversion === 'o'
          ? magnitude.toString(8)
          : magnitude.toString();
  return negative ? `-${digits}` : digits;
}

/**
 * `format % args`, as Codex's Starlark interpolates strings: `%s` (str), `%r` (repr), `%d` `%i` `%x` `%X` `%o`
 * (ints) and `%%`; `args` is a tuple of values, or one value. (`%(name)s` is refused, as there.)
 */
export function percent(format: string, args: Value, at: Position, file: string): string {
  const positional = args instanceof Tuple ? args.items : [args];
  const parts: string[] = [];
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c !== '%') {
      const end = format.indexOf('%', i);
      parts.push(format.slice(i, end < 0 ? format.length : end));
      i = (end < 0 ? format.length : end) - 1;
      continue;
    }
    const conversion = format[++i];
    if (conversion === undefined) fail(file, at, 'incomplete format');
    if (conversion === '%') {
      parts.push('%');
      continue;
    }
    if (!'srdixXo'.includes(conversion)) fail(file, at, `unsupported format character: '${conversion}'`);
    if (next >= positional.length) fail(file, at, 'not enough arguments for format string');
    const value = positional[next++]!;
    if (conversion === 's') parts.push(show(value, false, at, file));
    else if (conversion === 'r') parts.push(show(value, true, at, file));
    else parts.push(integer(value, conversion, at, file));
  }
  if (next < positional.length) fail(file, at, 'too many arguments for format string');
  return joined(parts, at, file);
}

/** `format.format(*positional, **named)`: `{}` (next positional), `{0}`, `{name}`, `!s`/`!r`, and `{{`/`}}`. */
export function strFormat(
  format: string,
  positional: readonly Value[],
  named: ReadonlyMap<string, Value>,
  at: Position,
  file: string,
): string {
  const parts: string[] = [];
  let auto: boolean | undefined;
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if ((c === '{' || c === '}') && format[i + 1] === c) {
      parts.push(c);
      i++;
      continue;
    }
    if (c === '}') fail(file, at, "single '}' encountered in format string");
    if (c !== '{') {
      parts.push(c);
      continue;
    }
    const close = format.indexOf('}', i);
    if (close < 0) fail(file, at, "single '{' encountered in format string");
    const field = format.slice(i + 1, close);
    i = close;
    const [name, conversion] = field.split('!') as [string, string | undefined];
    if (name.includes(':')) fail(file, at, 'format specs (`{:...}`) are not supported');
    let value: Value | undefined;
    if (name === '') {
      if (auto === false) fail(file, at, 'cannot switch from manual field numbering to automatic field numbering');
      auto = true;
      value = positional[next++];
      if (value === undefined) fail(file, at, 'not enough arguments for format string');
    } else if (/^\d+$/.test(name)) {
      if (auto === true) fail(file, at, 'cannot switch from automatic field numbering to manual field numbering');
      auto = false;
      value = positional[Number(name)];
      if (value === undefined) fail(file, at, `format index ${name} is out of range`);
    } else {
      value = named.get(name);
      if (value === undefined) fail(file, at, `keyword argument "${name}" not found`);
    }
    if (conversion !== undefined && conversion !== 's' && conversion !== 'r')
      fail(file, at, `unknown conversion !${conversion}`);
    parts.push(show(value, conversion === 'r', at, file));
  }
  return joined(parts, at, file);
}
