import type { At, Expr } from './ast.js';
import type { Token } from './lexer.js';

/** Where the `}` closing the field that starts after `open` is, skipping brackets and quoted text; -1 if none. */
function fieldEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      const close = text.indexOf(c, i + 1);
      if (close < 0) return -1;
      i = close;
    } else if (c === '{' || c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * An f-string token's text split at its `{expr}` fields (`{{` and `}}` are braces), each field parsed by `field`
 * as an expression placed (approximately) where it is written.
 */
export function fstringParts(
  token: Token,
  field: (text: string, origin: At) => Expr,
  fail: (reason: string) => never,
): (string | Expr)[] {
  const parts: (string | Expr)[] = [];
  const text = token.value;
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '{') {
      const close = fieldEnd(text, i);
      if (close < 0) fail("f-string: expecting '}'");
      const inner = text.slice(i + 1, close);
      if (inner.trim() === '') fail('f-string: empty expression not allowed');
      if (literal) parts.push(literal);
      literal = '';
      parts.push(field(inner, { line: token.line, column: token.column + 2 + i + 1 }));
      i = close;
    } else if (c === '}') {
      fail("f-string: single '}' is not allowed");
    } else literal += c;
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}
