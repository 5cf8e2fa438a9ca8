import type { NameExpr } from './ast.js';
import { KEYWORDS, type Token } from './lexer.js';

/** An f-string token's text split at its `{name}` fields (`{{` and `}}` are braces); only a variable name may fill a field. */
export function fstringParts(token: Token, fail: (reason: string) => never): (string | NameExpr)[] {
  const parts: (string | NameExpr)[] = [];
  const text = token.value;
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if ((c === '{' || c === '}') && text[i + 1] === c) {
      literal += c;
      i++;
    } else if (c === '{') {
      const close = text.indexOf('}', i);
      const name = close < 0 ? '' : text.slice(i + 1, close).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || KEYWORDS.has(name))
        fail('f-string fields in .rules files may only name a variable, as in f"{tool}"');
      if (literal) parts.push(literal);
      literal = '';
      parts.push({ kind: 'name', name, line: token.line, column: token.column });
      i = close;
    } else if (c === '}') {
      fail("f-string: single '}' is not allowed");
    } else literal += c;
  }
  if (literal || parts.length === 0) parts.push(literal);
  return parts;
}
