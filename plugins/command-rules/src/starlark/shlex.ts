/**
 * POSIX-style word splitting for `match`/`not_match` example strings, as the Rust `shlex` crate does it:
 * words split on space, tab and newline; `'...'` is literal; in `"..."` a backslash escapes only
 * `$ \` " \\` and newline; outside quotes a backslash escapes the next character (backslash-newline
 * vanishes); `#` at the start of a word comments out the rest of the line. An unterminated quote or a
 * trailing backslash makes the whole string invalid (`undefined`).
 */
export function splitShellWords(input: string): string[] | undefined {
  const words: string[] = [];
  let i = 0;
  const n = input.length;
  const blank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n';
  while (i < n) {
    const c = input[i]!;
    if (blank(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < n && input[i] !== '\n') i++;
      continue;
    }
    let word = '';
    while (i < n && !blank(input[i])) {
      const ch = input[i++]!;
      if (ch === "'") {
        const end = input.indexOf("'", i);
        if (end < 0) return undefined;
        word += input.slice(i, end);
        i = end + 1;
      } else if (ch === '"') {
        for (;;) {
          const d = input[i++];
          if (d === undefined) return undefined;
          if (d === '"') break;
          if (d !== '\\') {
            word += d;
            continue;
          }
          const e = input[i++];
          if (e === undefined) return undefined;
          if (e === '$' || e === '`' || e === '"' || e === '\\') word += e;
          else if (e !== '\n') word += `\\${e}`;
        }
      } else if (ch === '\\') {
        const e = input[i++];
        if (e === undefined) return undefined;
        if (e !== '\n') word += e;
      } else {
        word += ch;
      }
    }
    words.push(word);
  }
  return words;
}

const SAFE = /^[A-Za-z0-9,._+:@%/=-]+$/;

/** One word quoted for a POSIX shell (only for messages). */
export function quoteShellWord(word: string): string {
  if (SAFE.test(word)) return word;
  if (!word.includes("'")) return `'${word}'`;
  if (!/["\\$`!]/.test(word)) return `"${word}"`;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** Words joined into one shell command line (only for messages). */
export function joinShellWords(words: readonly string[]): string {
  return words.map(quoteShellWord).join(' ');
}
