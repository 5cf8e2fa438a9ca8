import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lawSeed } from '@ratchet/testkit';
import { commandsForPolicy, heredocCommand, plainCommands, shellScript } from './split.js';
import { innerCommand } from './wrappers.js';

/** What `bash -lc SCRIPT` is judged as. */
const judged = (script: string) => commandsForPolicy(['bash', '-lc', script]);
/** The script is not split: the whole argv is the one command judged. */
const unsplit = (script: string) => ({ commands: [['bash', '-lc', script]], split: false });

describe('shell detection (spec 1.5 step 1)', () => {
  const shells = [
    'bash',
    '/bin/bash',
    '/usr/bin/bash',
    '/usr/local/bin/bash',
    '/opt/homebrew/bin/bash',
    'zsh',
    '/bin/zsh',
    '/usr/bin/zsh',
    '/usr/local/bin/zsh',
    '/opt/homebrew/bin/zsh',
    'sh',
    '/bin/sh',
    '/usr/bin/sh',
  ];
  it.each(shells)('%s -lc and -c scripts are split', (shell) => {
    expect(shellScript([shell, '-lc', 'ls'])).toBe('ls');
    expect(shellScript([shell, '-c', 'ls'])).toBe('ls');
    expect(commandsForPolicy([shell, '-lc', 'git push && rm x'])).toEqual({
      commands: [
        ['git', 'push'],
        ['rm', 'x'],
      ],
      split: true,
    });
  });

  it.each([
    ['/tmp/bash', '-lc', 'rm x'],
    ['.poc/bash', '-lc', 'rm x'],
    ['./bash', '-lc', 'rm x'],
    ['/usr/local/bin/sh', '-c', 'rm x'],
    ['dash', '-c', 'rm x'],
    ['Bash', '-lc', 'rm x'],
  ])('%s is not a recognised shell', (...argv) => {
    expect(shellScript(argv)).toBeUndefined();
    expect(commandsForPolicy(argv)).toEqual({ commands: [argv], split: false });
  });

  it.each([
    [['bash', '-l', '-c', 'rm x']],
    [['bash', '-lc']],
    [['bash', '-lc', 'rm x', 'arg0']],
    [['bash', '-x', 'rm x']],
    [['bash', '-cl', 'rm x']],
    [['bash', '--login', 'rm x']],
  ])('%j is not exactly [shell, -c|-lc, script]', (argv) => {
    expect(shellScript(argv)).toBeUndefined();
    expect(commandsForPolicy(argv).split).toBe(false);
  });
});

describe('plain splitting (spec 1.5 step 2)', () => {
  it('splits && || ; | and newlines, in source order', () => {
    expect(plainCommands('a 1 && b 2 || c 3; d 4 | e 5\nf 6')).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
      ['e', '5'],
      ['f', '6'],
    ]);
    expect(plainCommands('z\ny\nx')).toEqual([['z'], ['y'], ['x']]);
  });

  it('tolerates blank lines, tabs, extra spaces, a trailing `;` and operator-ended lines', () => {
    expect(plainCommands('  ls   -la \n\n\tpwd\t')).toEqual([['ls', '-la'], ['pwd']]);
    expect(plainCommands('ls;')).toEqual([['ls']]);
    expect(plainCommands('ls &&\npwd')).toEqual([['ls'], ['pwd']]);
  });

  it('unquotes strings and joins concatenations', () => {
    expect(plainCommands(`echo "a b" 'c d'`)).toEqual([['echo', 'a b', 'c d']]);
    expect(plainCommands('rg -g"*.py" foo')).toEqual([['rg', '-g*.py', 'foo']]);
    expect(plainCommands(`echo g"i"'t' push`)).toEqual([['echo', 'git', 'push']]);
    expect(plainCommands(`echo '$HOME' "it's"`)).toEqual([['echo', '$HOME', "it's"]]);
    expect(plainCommands(`echo "/usr"'/'"local"/bin '/usr'"/"'local'/bin`)).toEqual([
      ['echo', '/usr/local/bin', '/usr/local/bin'],
    ]);
    expect(plainCommands(`echo "" ''`)).toEqual([['echo', '', '']]);
  });

  it('keeps quoted content and backslashes verbatim, as Codex reads the tree-sitter nodes (spec 1.5 step 2)', () => {
    expect(plainCommands('git commit -m "a\\"b"')).toEqual([['git', 'commit', '-m', 'a\\"b']]);
    expect(plainCommands('echo a\\ b')).toEqual([['echo', 'a\\ b']]);
    expect(plainCommands('echo "a\\\\b" \'c\\d\' \\$x "\\$y"')).toEqual([['echo', 'a\\\\b', 'c\\d', '\\$x', '\\$y']]);
    expect(plainCommands('echo "a\\\nb" x\\;y')).toEqual([['echo', 'a\\\nb', 'x\\;y']]);
    expect(plainCommands('g\\it push')).toEqual([['g\\it', 'push']]);
    expect(plainCommands('echo \\| && ls')).toEqual([['echo', '\\|'], ['ls']]);
  });

  it('keeps numbers and globs as words and newlines inside quotes', () => {
    expect(plainCommands('head -n 42 *.ts src/?.js')).toEqual([['head', '-n', '42', '*.ts', 'src/?.js']]);
    expect(plainCommands('echo "a\nb" \'c\nd\'')).toEqual([['echo', 'a\nb', 'c\nd']]);
  });

  it('reads `#` inside a word as a literal character, not as a comment', () => {
    expect(judged('rm a#b')).toEqual({ commands: [['rm', 'a#b']], split: true });
    expect(plainCommands('echo "a"#b')).toEqual([['echo', 'a#b']]);
  });

  it(`quoting an argument does not change how a script splits (seed ${lawSeed()})`, () => {
    const wordArb = fc.stringMatching(/^[a-z0-9\-./=:,+@%]{1,4}$/);
    const op = fc.constantFrom('&&', '||', ';', '|', '&', ';;', '|&', ';&', '||&');
    const blank = fc.constantFrom('', ' ', '\t', '  ');
    const parts = fc.array(
      fc.tuple(
        fc.oneof(
          wordArb.map((w) => ({ w })),
          op.map((o) => ({ o })),
        ),
        blank,
      ),
      { minLength: 1, maxLength: 8 },
    );
    let split = 0;
    fc.assert(
      fc.property(parts, (ps) => {
        // A command name stays bare (a quoted one is not split, as in Codex); arguments are quoted or not.
        const render = (quote: boolean) =>
          ps
            .map(([t, b], k) => {
              const next = ps[k + 1]?.[0];
              const gap = 'w' in t && next && 'w' in next ? ` ${b}` : b;
              const argument = k > 0 && 'w' in ps[k - 1]![0];
              return ('w' in t ? (quote && argument ? `'${t.w}'` : t.w) : t.o) + gap;
            })
            .join('');
        const plain = plainCommands(render(false));
        if (plain) split++;
        expect(plainCommands(render(true))).toEqual(plain);
      }),
      { seed: lawSeed(), numRuns: 1000 },
    );
    expect(split).toBeGreaterThan(100);
  });

  const rejected: [string, string][] = [
    ['redirect >', 'ls > out'],
    ['redirect <', 'wc < in'],
    ['fd redirect', 'ls 2>&1'],
    ['append', 'echo x >> f'],
    ['background &', 'ls &'],
    ['|&', 'ls |& wc'],
    ['subshell', '(ls)'],
    ['subshell in a list', 'ls && (rm x)'],
    ['process substitution', 'diff <(ls) b'],
    ['$(…)', 'echo $(ls)'],
    ['$(…) in double quotes', 'echo "$(ls)"'],
    ['$(…) in a concatenation', 'rg -g"$(pwd)" x'],
    ['backticks', 'echo `ls`'],
    ['$VAR', 'echo $HOME'],
    ['$VAR in double quotes', 'echo "$HOME"'],
    ['${VAR} in double quotes', 'echo "${HOME}"'],
    ["$'…'", "echo $'a\\nb'"],
    ['VAR=x cmd', 'A=1 ls'],
    ['a bare assignment', 'x=1'],
    ['if', 'if true; then ls; fi'],
    ['for', 'for x in a; do ls; done'],
    ['while', 'while true; do ls; done'],
    ['until', 'until false; do ls; done'],
    ['case', 'case x in x) ls;; esac'],
    ['brace group', '{ ls; }'],
    ['negation', '! ls'],
    ['a comment', 'ls # list'],
    ['a comment line', '# note\nls'],
    ['a comment after an operator', 'ls;#c'],
    ['trailing &&', 'ls &&'],
    ['leading &&', '&& ls'],
    [';;', 'ls ;; pwd'],
    ['empty pipeline slot', 'ls | | wc'],
    ['empty ; slot', 'ls ; ; pwd'],
    ['operator starting a line', 'ls\n&& pwd'],
    ['unterminated quote', 'echo "abc'],
    ['export', 'export FOO=1 && rm x'],
    ['local', 'local a=1; rm x'],
    ['declare', 'declare -x A=1 && rm x'],
    ['readonly', 'readonly A && rm x'],
    ['typeset', 'typeset A && rm x'],
    ['unset', 'unset A && rm x'],
    ['a declaration after a pipe', 'ls | export A'],
    ['[ … ] test', '[ -f x ] && rm x'],
    ['[[ … ]] test', '[[ -f x ]] && rm x'],
    ['a double-quoted command name', '"rm" -rf x'],
    ['a single-quoted command name', "ls && 'rm' -rf x"],
    ['a concatenated command name', 'g"i"t push'],
    ['an empty concatenation', `echo ''""`],
  ];
  it.each(rejected)('%s: the whole argv is judged', (_name, script) => {
    expect(plainCommands(script)).toBeUndefined();
    expect(judged(script)).toEqual(unsplit(script));
  });

  it.each(['', '   ', '\n\t\n'])('an empty or blank script %j is judged as the argv', (script) => {
    expect(judged(script)).toEqual(unsplit(script));
  });
});

describe('heredocs (spec 1.5 step 5)', () => {
  it('a single literal command with a heredoc becomes that command', () => {
    expect(heredocCommand("python3 <<'EOF'\nprint(1)\nEOF")).toEqual(['python3']);
    expect(judged("python3 <<'EOF'\nprint(1)\nEOF")).toEqual({ commands: [['python3']], split: true });
    expect(judged('python3 -u <<PY\nprint("$x")\nPY')).toEqual({ commands: [['python3', '-u']], split: true });
    expect(judged('cat <<-EOF\n\tx\n\tEOF\n')).toEqual({ commands: [['cat']], split: true });
    expect(judged('cat <<< "hi"')).toEqual({ commands: [['cat']], split: true });
    expect(judged('a\\ b -x <<EOF\ny\nEOF')).toEqual({ commands: [['a\\ b', '-x']], split: true });
  });

  it('a quoted delimiter keeps $(…) in the body literal', () => {
    expect(judged("cat <<'EOF'\n$(rm -rf /)\nEOF").commands).toEqual([['cat']]);
  });

  it.each([
    ['a file redirect after', "python3 <<'EOF' > out\nprint(1)\nEOF"],
    ['a file redirect before', "python3 > out <<'EOF'\nprint(1)\nEOF"],
    ['two commands on the line', "python3 <<'EOF' && ls\nx\nEOF"],
    ['a command before', 'ls; python3 <<EOF\nx\nEOF'],
    ['a command line before', 'ls\npython3 <<EOF\nx\nEOF'],
    ['a command after the delimiter', 'cat <<EOF\nx\nEOF\nrm -rf /'],
    ['a command after a herestring', 'cat <<< hi\nrm -rf /'],
    ['$(…) in an unquoted body', 'cat <<EOF\n$(rm -rf /)\nEOF'],
    ['backticks in an unquoted body', 'cat <<EOF\n`rm -rf /`\nEOF'],
    ['no delimiter line', 'cat <<EOF\nx\n'],
    ['a variable in the command', 'cat $F <<EOF\nx\nEOF'],
    ['a quoted argument', 'rm "x" <<EOF\nx\nEOF'],
    ['a quoted command name', "'python3' <<EOF\nx\nEOF"],
    ['a declaration', 'export A <<EOF\nx\nEOF'],
  ])('not split: %s', (_name, script) => {
    expect(heredocCommand(script)).toBeUndefined();
    expect(judged(script)).toEqual(unsplit(script));
  });
});

describe('innerCommand (wrappers)', () => {
  it.each([
    [
      ['env', 'A=1', 'B=2', 'git', 'push'],
      ['git', 'push'],
    ],
    [
      ['env', '-i', '-u', 'HOME', 'A=1', 'rm', '-rf'],
      ['rm', '-rf'],
    ],
    [['env', '--', 'A=1', 'rm'], ['rm']],
    [
      ['/usr/bin/env', 'rm', 'x'],
      ['rm', 'x'],
    ],
    [
      ['sudo', '-u', 'x', 'rm', '-rf', '/'],
      ['rm', '-rf', '/'],
    ],
    [['sudo', '--user=root', '-E', 'rm'], ['rm']],
    [['sudo', '--', 'rm'], ['rm']],
    [['nice', '-n', '5', 'rm'], ['rm']],
    [
      ['timeout', '5s', 'rm', 'x'],
      ['rm', 'x'],
    ],
    [['timeout', '-s', 'KILL', '5s', 'rm'], ['rm']],
    [['xargs', '-n', '1', 'rm'], ['rm']],
    [
      ['xargs', '-I', '{}', 'rm', '{}'],
      ['rm', '{}'],
    ],
    [
      ['command', 'rm', 'x'],
      ['rm', 'x'],
    ],
    [
      ['exec', 'rm', 'x'],
      ['rm', 'x'],
    ],
    [['exec', '-a', 'name', 'rm'], ['rm']],
    [['nohup', 'rm'], ['rm']],
  ])('%j runs %j', (argv, inner) => {
    expect(innerCommand(argv)).toEqual(inner);
  });

  it.each([[['ls', '-la']], [['git', 'push']], [['toString', 'rm']], [['constructor', 'rm']], [[]]])(
    '%j is no wrapper',
    (argv) => {
      expect(innerCommand(argv)).toBeUndefined();
    },
  );

  it('a wrapper with nothing to run gives an empty command', () => {
    expect(innerCommand(['env'])).toEqual([]);
    expect(innerCommand(['sudo', '-u', 'x'])).toEqual([]);
  });
});
