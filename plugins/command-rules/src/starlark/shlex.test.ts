import { describe, expect, it } from 'vitest';
import { joinShellWords, splitShellWords } from './shlex.js';

describe('splitShellWords (shlex semantics)', () => {
  it.each([
    ['git status', ['git', 'status']],
    ['  a\t b\n c  ', ['a', 'b', 'c']],
    [`echo 'a b' "c d"`, ['echo', 'a b', 'c d']],
    [`echo 'a\\b'`, ['echo', 'a\\b']],
    [`echo "a\\"b\\\\c\\$d\\e"`, ['echo', 'a"b\\c$d\\e']],
    ['echo a\\ b', ['echo', 'a b']],
    ['echo a\\\nb', ['echo', 'ab']],
    [`x"y"'z'`, ['xyz']],
    ['echo ""', ['echo', '']],
    ['a # comment\nb', ['a', 'b']],
    ['a#b', ['a#b']],
    ['', []],
  ] as const)('%j → %j', (input, words) => {
    expect(splitShellWords(input)).toEqual(words);
  });

  it.each(["echo 'a", 'echo "a', 'echo a\\', 'echo "a\\'])('%j is invalid', (input) => {
    expect(splitShellWords(input)).toBeUndefined();
  });
});

describe('joinShellWords', () => {
  it('quotes only what needs quoting', () => {
    expect(joinShellWords(['git', 'commit', '-m', 'a b', '', "it's", `it's "x"`])).toBe(
      `git commit -m 'a b' '' "it's" 'it'"'"'s "x"'`,
    );
  });

  it('round-trips through splitShellWords', () => {
    const words = ['a b', "c'd", 'e"f', 'g$h', '', '#i'];
    expect(splitShellWords(joinShellWords(words))).toEqual(words);
  });
});
