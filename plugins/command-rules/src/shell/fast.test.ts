import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { lawSeed } from '@ratchet/testkit';
import { readPlainScript } from './fast.js';
import { loadShellGrammar, parseWithGrammar } from './grammar.js';
import { prepareScript } from './words.js';

const values = (script: string) => readPlainScript(script)?.map((c) => c.map((w) => w.value));

describe('the fast reader', () => {
  it('splits && || ; | and newlines, in source order, dropping leading assignments', () => {
    expect(values('git add . && git push || echo failed; ls | wc -l\nrm x')).toEqual([
      ['git', 'add', '.'],
      ['git', 'push'],
      ['echo', 'failed'],
      ['ls'],
      ['wc', '-l'],
      ['rm', 'x'],
    ]);
    expect(values('GIT_DIR=x A+=1 git push')).toEqual([['git', 'push']]);
    expect(values('A=1')).toEqual([]);
    expect(values('ls &&\n  wc -l;')).toEqual([['ls'], ['wc', '-l']]);
  });

  it('reads each word as the program receives it, and keeps the text Codex matches', () => {
    const [command] = readPlainScript(`'git' g"i"t \\git "a\\"b" 'c\\d' a\\ b`)!;
    expect(command!.map((w) => w.value)).toEqual(['git', 'git', 'git', 'a"b', 'c\\d', 'a b']);
    expect(command!.map((w) => w.raw)).toEqual(['git', 'git', '\\git', 'a\\"b', 'c\\d', 'a\\ b']);
  });

  it.each([
    'echo $HOME',
    'echo `ls`',
    'ls # c',
    'ls > x',
    'cat <<EOF\nx\nEOF',
    '(ls)',
    '{ ls; }',
    'ls *.txt',
    'echo {a,b}',
    'ls &',
    'ls |& wc',
    'if true; then ls; fi',
    'export A=1',
    '[ -f x ]',
    'ls &&',
    '&& ls',
    'ls | | wc',
    'ls ;; pwd',
    'echo "unclosed',
    'x\\',
    'a\r b',
  ])('leaves %j to the grammar', (script) => {
    expect(readPlainScript(script)).toBeUndefined();
  });
});

/** Script pieces: words of every quoting, operators, and the characters that make a script more than plain. */
const PIECES = [
  'git',
  'push',
  'rm',
  '-rf',
  'x',
  'A=1',
  'a=b',
  'B+=2',
  '"A"=1',
  "a='q w'",
  "'q w'",
  '"d q"',
  '"a\\"b"',
  '"a\\$b"',
  '"a\\\\b"',
  '"a\\nb"',
  "'it'\\''s'",
  'g"i"t',
  '\\git',
  'a\\ b',
  '\\;',
  '\\|',
  '"$x"',
  '$y',
  '`ls`',
  '$(ls)',
  '(',
  ')',
  '{',
  '}',
  '*',
  '?',
  '[',
  ']',
  '#',
  'a#b',
  '~',
  '~/bin/git',
  'é',
  '%',
  '^',
  '@',
  ',',
  '.',
  '-',
  '--',
  '!',
  'a!b',
  '=',
  "''",
  '""',
  '\'\'""',
  'if',
  'then',
  'fi',
  'export',
  'time',
  'coproc',
  'in',
  'do',
  '[[',
  ' ',
  '  ',
  '\t',
  '\n',
  '\n\n',
  ';',
  '&&',
  '||',
  '|',
  '&',
  '<',
  '>',
  '2>&1',
  '<<',
  '\\\n',
  "'",
  '"',
  '\\',
  '$',
  '\r',
  ';;',
  'x\\\ny',
  '"a\nb"',
];
const script = fc
  .array(fc.tuple(fc.constantFrom(...PIECES), fc.constantFrom('', ' ', ' ', '\t')), { maxLength: 12 })
  .map((parts) => parts.map(([piece, gap]) => piece + gap).join(''));

describe(`the fast reader agrees with the grammar on every script it accepts (fast-check seed ${lawSeed()})`, () => {
  beforeAll(() => loadShellGrammar());

  it('same commands, same words (received and as written), nothing opaque', () => {
    let accepted = 0;
    fc.assert(
      fc.property(script, (text) => {
        const joined = prepareScript(text);
        const fast = readPlainScript(joined);
        if (!fast) return;
        accepted++;
        const grammar = parseWithGrammar(joined)!;
        expect(grammar.opaque).toEqual([]);
        expect(grammar.commands).toEqual(fast);
      }),
      { seed: lawSeed(), numRuns: 10_000 },
    );
    // The generator reaches plain scripts often enough for the comparison to mean something.
    expect(accepted).toBeGreaterThan(1_000);
  });
});
