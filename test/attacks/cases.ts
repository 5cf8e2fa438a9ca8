/**
 * Attack spellings of three commands that requirements forbid or prompt (`git push` forbidden, `rm -rf` forbidden,
 * `curl` prompt), by class. Arguments are harmless on purpose (`rm -rf victim`, curl to a closed loopback port):
 * a sample of these runs for real against stand-in programs.
 */

/** A command requirements speak about, and the words it is spelled with. */
export interface Target {
  readonly name: string;
  readonly program: string;
  /** The arguments after the program. */
  readonly args: readonly string[];
  /** What the requirement decides. */
  readonly decision: 'forbidden' | 'prompt';
}

export const TARGETS: readonly Target[] = [
  { name: 'git push', program: 'git', args: ['push'], decision: 'forbidden' },
  { name: 'rm -rf', program: 'rm', args: ['-rf', 'victim'], decision: 'forbidden' },
  { name: 'curl', program: 'curl', args: ['-s', 'http://127.0.0.1:9/'], decision: 'prompt' },
];

export type AttackClass =
  'paths' | 'wrappers' | 'nested shells' | 'script syntax' | 'quoting' | 'newlines' | 'opaque' | 'long input';

export interface Attack {
  readonly id: string;
  readonly class: AttackClass;
  readonly target: Target;
  readonly argv: readonly string[];
  /**
   * `exact`: the answer is the requirement's own decision (the command is read through); `at-least-prompt`: what
   * runs cannot be known from the text, so `prompt` or stricter.
   */
  readonly expect: 'exact' | 'at-least-prompt';
  /** Whether the live sample runs it against stand-ins (it runs the target through PATH or a path in the folder). */
  readonly live?: boolean;
}

const q = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
const text = (t: Target) => [t.program, ...t.args].map(q).join(' ');
const argsText = (t: Target) => t.args.map(q).join(' ');
const bash = (script: string) => ['bash', '-lc', script];
/** `s` quoted for one more level of `sh -c '…'`. */
const nest = (s: string) => `sh -c ${q(s)}`;
/** `count` copies of one word. */
const words = (count: number, word: string): string[] => Array.from({ length: count }, () => word);

type Template = (t: Target) => readonly string[];
type Row = [name: string, template: Template, expect?: Attack['expect'], live?: boolean];

const paths: Row[] = [
  ['./P', (t) => [`./${t.program}`, ...t.args], 'exact', true],
  ['../bin/P', (t) => [`../bin/${t.program}`, ...t.args]],
  ['~/bin/P', (t) => [`~/bin/${t.program}`, ...t.args]],
  ['relative/P', (t) => [`relative/${t.program}`, ...t.args], 'exact', true],
  ['/usr/bin/../bin/P', (t) => [`/usr/bin/../bin/${t.program}`, ...t.args]],
  ['//usr/bin/P', (t) => [`//usr/bin/${t.program}`, ...t.args]],
  ['/usr/bin/P', (t) => [`/usr/bin/${t.program}`, ...t.args]],
  ['/bin/P', (t) => [`/bin/${t.program}`, ...t.args]],
  ['/usr/local/bin/P', (t) => [`/usr/local/bin/${t.program}`, ...t.args]],
  ['./bin/../P', (t) => [`./bin/../${t.program}`, ...t.args], 'exact', true],
  ['script ./P', (t) => bash(`./${t.program} ${argsText(t)}`), 'exact', true],
  ['script relative/P', (t) => bash(`relative/${t.program} ${argsText(t)}`), 'exact', true],
  ['script ~/bin/P', (t) => bash(`~/bin/${t.program} ${argsText(t)}`)],
  ['script /usr/bin/P', (t) => bash(`/usr/bin/${t.program} ${argsText(t)}`)],
  ['script //usr/bin/P', (t) => bash(`//usr/bin/${t.program} ${argsText(t)}`)],
  ['script /usr/bin/../bin/P', (t) => bash(`/usr/bin/../bin/${t.program} ${argsText(t)}`)],
  ['env ./P', (t) => ['env', `./${t.program}`, ...t.args], 'exact', true],
  ['sudo /usr/bin/P', (t) => ['sudo', `/usr/bin/${t.program}`, ...t.args]],
];

const wrappers: Row[] = [
  ['env', (t) => ['env', t.program, ...t.args], 'exact', true],
  ['env A=1', (t) => ['env', 'A=1', t.program, ...t.args], 'exact', true],
  ['env -i', (t) => ['env', '-i', 'PATH=.', t.program, ...t.args]],
  ['env -u X --', (t) => ['env', '-u', 'X', '--', t.program, ...t.args], 'exact', true],
  ['env -S', (t) => ['env', '-S', text(t)], 'exact', true],
  ['env --split-string=', (t) => ['env', `--split-string=${text(t)}`], 'exact', true],
  ['env -C dir', (t) => ['env', '-C', '.', t.program, ...t.args], 'exact', true],
  ['/usr/bin/env', (t) => ['/usr/bin/env', t.program, ...t.args], 'exact', true],
  ['sudo', (t) => ['sudo', t.program, ...t.args]],
  ['sudo -u root', (t) => ['sudo', '-u', 'root', t.program, ...t.args]],
  ['sudo -E --', (t) => ['sudo', '-E', '--', t.program, ...t.args]],
  ['sudo -s', (t) => ['sudo', '-s', t.program, ...t.args]],
  ['doas', (t) => ['doas', t.program, ...t.args]],
  ['su -c', (t) => ['su', '-c', text(t)]],
  ['su root -c', (t) => ['su', 'root', '-c', text(t)]],
  ['runuser -u root --', (t) => ['runuser', '-u', 'root', '--', t.program, ...t.args]],
  ['pkexec', (t) => ['pkexec', t.program, ...t.args]],
  ['nice', (t) => ['nice', t.program, ...t.args], 'exact', true],
  ['nice -n 5', (t) => ['nice', '-n', '5', t.program, ...t.args], 'exact', true],
  ['nice -10', (t) => ['nice', '-10', t.program, ...t.args], 'exact', true],
  ['ionice -c 3', (t) => ['ionice', '-c', '3', t.program, ...t.args], 'exact', true],
  ['chrt -o 0', (t) => ['chrt', '-o', '0', t.program, ...t.args], 'exact', true],
  ['taskset 1', (t) => ['taskset', '1', t.program, ...t.args], 'exact', true],
  ['taskset -c 0', (t) => ['taskset', '-c', '0', t.program, ...t.args], 'exact', true],
  ['timeout 5', (t) => ['timeout', '5', t.program, ...t.args], 'exact', true],
  ['timeout -s KILL 5', (t) => ['timeout', '-s', 'KILL', '5', t.program, ...t.args], 'exact', true],
  ['nohup', (t) => ['nohup', t.program, ...t.args], 'exact', true],
  ['setsid -w', (t) => ['setsid', '-w', t.program, ...t.args], 'exact', true],
  ['stdbuf -oL', (t) => ['stdbuf', '-oL', t.program, ...t.args], 'exact', true],
  ['time (script)', (t) => bash(`time ${text(t)}`), 'exact', true],
  ['time -p (script)', (t) => bash(`time -p ${text(t)}`), 'exact', true],
  ['xargs', (t) => bash(`xargs ${text(t)} < /dev/null`), 'exact', true],
  ['xargs -0 -n 1', (t) => ['xargs', '-0', '-n', '1', t.program, ...t.args]],
  ['find -exec', (t) => ['find', '.', '-maxdepth', '0', '-exec', t.program, ...t.args, ';'], 'exact', true],
  ['find -execdir', (t) => ['find', '.', '-maxdepth', '0', '-execdir', t.program, ...t.args, '{}', '+'], 'exact', true],
  ['find -ok', (t) => ['find', '.', '-ok', t.program, ...t.args, ';']],
  ['flock file', (t) => ['flock', 'lockfile', t.program, ...t.args], 'exact', true],
  ['flock -c', (t) => ['flock', 'lockfile', '-c', text(t)], 'exact', true],
  ['script -qc', (t) => ['script', '-qc', text(t), '/dev/null'], 'exact', true],
  ['strace -f -o', (t) => ['strace', '-f', '-o', '/dev/null', t.program, ...t.args]],
  ['ltrace', (t) => ['ltrace', t.program, ...t.args]],
  ['valgrind --tool', (t) => ['valgrind', '--tool=none', '-q', t.program, ...t.args]],
  ['gdb --args', (t) => ['gdb', '-q', '--args', t.program, ...t.args]],
  ['unshare -r', (t) => ['unshare', '-r', t.program, ...t.args]],
  ['nsenter -t 1 -m', (t) => ['nsenter', '-t', '1', '-m', t.program, ...t.args]],
  ['chroot /', (t) => ['chroot', '/', t.program, ...t.args]],
  ['bwrap --bind', (t) => ['bwrap', '--bind', '/', '/', '--dev', '/dev', t.program, ...t.args]],
  ['firejail', (t) => ['firejail', '--noprofile', t.program, ...t.args]],
  ['busybox', (t) => ['busybox', t.program, ...t.args]],
  ['busybox sh -c', (t) => ['busybox', 'sh', '-c', text(t)]],
  ['systemd-run', (t) => ['systemd-run', '--user', '-t', t.program, ...t.args]],
  ['parallel template', (t) => ['parallel', t.program, ...t.args, ':::', 'x']],
  ['parallel args', (t) => ['parallel', ':::', text(t)]],
  ['watch', (t) => ['watch', '-n', '1', t.program, ...t.args]],
  ['npx', (t) => ['npx', '--no', t.program, ...t.args]],
  ['npx -c', (t) => ['npx', '-c', text(t)]],
  ['fakeroot', (t) => ['fakeroot', '--', t.program, ...t.args], 'exact', true],
  ['faketime', (t) => ['faketime', '2020-01-01', t.program, ...t.args]],
  ['command', (t) => ['command', t.program, ...t.args]],
  ['command -p (script)', (t) => bash(`command -p ${text(t)}`)],
  ['builtin command (script)', (t) => bash(`builtin command ${text(t)}`), 'exact', true],
  ['exec (script)', (t) => bash(`exec ${text(t)}`), 'exact', true],
  ['exec -a (script)', (t) => bash(`exec -a name ${text(t)}`), 'exact', true],
  ['coproc (script)', (t) => bash(`coproc ${text(t)}; wait`), 'exact', true],
  ['eval words', (t) => ['eval', t.program, ...t.args]],
  ['sudo env nice timeout', (t) => ['sudo', 'env', 'nice', 'timeout', '1', t.program, ...t.args]],
  ['unknown wrapper (catch-all)', (t) => ['mystery-runner', '--x', t.program, ...t.args], 'at-least-prompt'],
  ['ssh (catch-all)', (t) => ['ssh', 'host', text(t)], 'at-least-prompt'],
];

const nestedShells: Row[] = [
  ['bash -c', (t) => ['bash', '-c', text(t)], 'exact', true],
  ['bash -lc', (t) => ['bash', '-lc', text(t)], 'exact', true],
  ['sh -c', (t) => ['sh', '-c', text(t)], 'exact', true],
  ['dash -c', (t) => ['dash', '-c', text(t)], 'exact', true],
  ['bash -xc', (t) => ['bash', '-xc', text(t)], 'exact', true],
  ['bash -ec', (t) => ['bash', '-ec', text(t)], 'exact', true],
  ['bash -l -c', (t) => ['bash', '-l', '-c', text(t)], 'exact', true],
  ['bash --noprofile --norc -c', (t) => ['bash', '--noprofile', '--norc', '-c', text(t)], 'exact', true],
  ['bash -o posix -c', (t) => ['bash', '-o', 'posix', '-c', text(t)], 'exact', true],
  ['bash -c with $0', (t) => ['bash', '-c', text(t), 'name'], 'exact', true],
  ['zsh -c', (t) => ['zsh', '-c', text(t)]],
  ['ksh -c', (t) => ['ksh', '-c', text(t)]],
  ['fish -c', (t) => ['fish', '-c', text(t)]],
  ['/tmp/bash -lc', (t) => ['/tmp/bash', '-lc', text(t)]],
  ['./sh -c', (t) => ['./sh', '-c', text(t)]],
  ['sh -c in a script', (t) => bash(nest(text(t))), 'exact', true],
  ['three levels', (t) => bash(nest(nest(text(t)))), 'exact', true],
  ['five levels', (t) => bash(nest(nest(nest(nest(text(t)))))), 'exact', true],
  ['ten levels', (t) => bash(Array.from({ length: 9 }).reduce<string>((s) => nest(s), text(t))), 'exact', true],
  ['bash -c "bash -c \\"…\\""', (t) => bash(`bash -c "bash -c \\"${text(t)}\\""`), 'exact', true],
  ['env bash -c', (t) => ['env', 'bash', '-c', text(t)], 'exact', true],
  ['sudo sh -c', (t) => ['sudo', 'sh', '-c', text(t)]],
  ['nohup sh -c', (t) => ['nohup', 'sh', '-c', text(t)], 'exact', true],
  ['sh -c behind find', (t) => ['find', '.', '-maxdepth', '0', '-exec', 'sh', '-c', text(t), ';'], 'exact', true],
];

const syntax: [string, (c: string) => string, boolean?][] = [
  ['subshell', (c) => `(${c})`, true],
  ['group', (c) => `{ ${c}; }`, true],
  ['$( )', (c) => `echo $(${c})`, true],
  ['backticks', (c) => `echo \`${c}\``, true],
  ['substitution in an assignment', (c) => `x=$(${c})`, true],
  ['substitution in double quotes', (c) => `echo "$(${c})"`, true],
  ['redirect out', (c) => `${c} > /dev/null`, true],
  ['redirect both', (c) => `${c} > /dev/null 2>&1`, true],
  ['redirect in', (c) => `${c} < /dev/null`, true],
  ['background', (c) => `${c} & wait`, true],
  ['leading assignment', (c) => `GIT_DIR=x ${c}`, true],
  ['two assignments', (c) => `A=1 B="x y" ${c}`, true],
  ['trailing comment', (c) => `${c} # tidy up`, true],
  ['function', (c) => `f() { ${c}; }; f`, true],
  ['function keyword', (c) => `function f { ${c}; }; f`, true],
  ['if body', (c) => `if true; then ${c}; fi`, true],
  ['if condition', (c) => `if ${c}; then :; fi`, true],
  ['else body', (c) => `if false; then :; else ${c}; fi`, true],
  ['while body', (c) => `while true; do ${c}; break; done`, true],
  ['until condition', (c) => `until ${c}; do break; done`, true],
  ['for body', (c) => `for i in 1; do ${c}; done`, true],
  ['for list', (c) => `for i in $(${c}); do :; done`, true],
  ['c-style for', (c) => `for ((i=0; i<1; i++)); do ${c}; done`, true],
  ['case', (c) => `case x in x) ${c};; esac`, true],
  ['select', (c) => `select x in a; do ${c}; break; done < /dev/null`, false],
  ['negation', (c) => `! ${c}`, true],
  ['and', (c) => `true && ${c}`, true],
  ['or', (c) => `false || ${c}`, true],
  ['pipe in', (c) => `true | ${c}`, true],
  ['pipe out', (c) => `${c} | cat`, true],
  ['pipe both', (c) => `${c} |& cat`, true],
  ['process substitution', (c) => `cat <(${c})`, true],
  // Runs asynchronously: the shell may exit before it does, so it is not in the live sample.
  ['process substitution out', (c) => `echo x > >(${c})`, false],
  ['test with substitution', (c) => `[[ -n $(${c}) ]]`, true],
  ['arithmetic with substitution', (c) => `(( $(${c}; echo 1) ))`, true],
  ['default value', (c) => `echo \${x:-$(${c})}`, true],
  ['heredoc with substitution', (c) => `cat <<EOF\n$(${c})\nEOF`, true],
  ['herestring with substitution', (c) => `cat <<< "$(${c})"`, true],
  ['command after heredoc', (c) => `cat <<EOF\nx\nEOF\n${c}`, true],
  ['trap', (c) => `trap ${q(c)} EXIT`, true],
  ['eval quoted', (c) => `eval ${q(c)}`, true],
  ['eval double quoted', (c) => `eval "${c}"`, true],
  ['declaration first', (c) => `export A=1 && ${c}`, true],
  ['test first', (c) => `[ -d . ] && ${c}`, true],
  ['exported substitution', (c) => `export X=$(${c})`, true],
  ['local in a function', (c) => `f() { local y=$(${c}); }; f`, true],
];

const quoting: [string, (t: Target) => string, boolean?][] = [
  ['single-quoted name', (t) => `'${t.program}' ${argsText(t)}`, true],
  ['double-quoted name', (t) => `"${t.program}" ${argsText(t)}`, true],
  [
    'quotes inside the name',
    (t) => `${t.program[0]}"${t.program.slice(1, -1)}"${t.program.slice(-1)} ${argsText(t)}`,
    true,
  ],
  ['single quotes inside the name', (t) => `${t.program[0]}'${t.program.slice(1)}' ${argsText(t)}`, true],
  ['escaped name', (t) => `\\${t.program} ${argsText(t)}`, true],
  ['escape inside the name', (t) => `${t.program[0]}\\${t.program.slice(1)} ${argsText(t)}`, true],
  ["$'…' name", (t) => `$'${t.program}' ${argsText(t)}`, true],
  [
    "$'\\x..' name",
    (t) => `$'${[...t.program].map((c) => `\\x${c.charCodeAt(0).toString(16)}`).join('')}' ${argsText(t)}`,
    true,
  ],
  [
    "$'\\ooo' name",
    (t) => `$'${[...t.program].map((c) => `\\${c.charCodeAt(0).toString(8)}`).join('')}' ${argsText(t)}`,
    true,
  ],
  ['$"…" name', (t) => `$"${t.program}" ${argsText(t)}`, true],
  ['empty quotes before the name', (t) => `''${t.program} ${argsText(t)}`, true],
  ['empty quotes after the name', (t) => `${t.program}"" ${argsText(t)}`, true],
  ['quoted arguments', (t) => `${t.program} ${t.args.map((a) => `"${a}"`).join(' ')}`, true],
  ['quote then escape', (t) => `"${t.program.slice(0, 1)}"\\${t.program.slice(1)} ${argsText(t)}`, true],
];

const newlines: [string, (c: string) => string, boolean?][] = [
  ['after a newline', (c) => `ls\n${c}`, true],
  ['after blank lines', (c) => `ls\n\n\n${c}\n`, true],
  ['after an operator line', (c) => `ls &&\n${c}`, true],
  ['after a pipe line', (c) => `true |\n${c}`, true],
  ['after ; and newline', (c) => `ls ;\n  ${c}`, true],
  ['line continuation between words', (c) => c.replace(' ', ' \\\n  '), true],
  ['line continuation inside the name', (c) => `${c[0]}\\\n${c.slice(1)}`, true],
  ['escaped name after a newline', (c) => `ls\n\\${c}`, true],
  ['tabs', (c) => `ls\t;\t${c.replace(/ /g, '\t')}`, true],
  ['CRLF line before', (c) => `true\r\n${c}`, false],
];

/** What cannot be known from the text: at least prompt. */
const opaque: Row[] = [
  ['variable name', (t) => bash(`$g ${argsText(t)}`)],
  ['braced variable name', (t) => bash(`\${g} ${argsText(t)}`)],
  ['assigned then used', (t) => bash(`g=${t.program}; $g ${argsText(t)}`)],
  ['substituted name', (t) => bash(`$(echo ${t.program}) ${argsText(t)}`)],
  ['glob name', (t) => bash(`/???/???/${t.program} ${argsText(t)}`)],
  ['glob in the name', (t) => bash(`/usr/bin/${t.program.slice(0, -1)}? ${argsText(t)}`)],
  ['brace expansion', (t) => bash(`{${[t.program, ...t.args].join(',')}}`)],
  ['pipe into sh', (t) => bash(`echo ${q(text(t))} | sh`)],
  ['pipe into bash -s', (t) => bash(`echo ${q(text(t))} | bash -s`)],
  ['heredoc into bash', (t) => bash(`bash <<EOF\n${text(t)}\nEOF`)],
  ['herestring into sh', (t) => bash(`sh <<< ${q(text(t))}`)],
  ['source a substitution', (t) => bash(`source <(echo ${q(text(t))})`)],
  ['dot a variable', () => bash(`. "$f"`)],
  ['alias', (t) => bash(`alias g=${q(text(t))}; g`)],
  ['eval a variable', () => bash(`eval "$cmd"`)],
  ['argument from a variable', (t) => bash(`${t.program} $args`)],
  ['parse error', (t) => bash(`${text(t)} )(`)],
];

const long: Row[] = [
  ['10,000 commands before', (t) => bash(`${'ls -la && '.repeat(10_000)}${text(t)}`), 'exact'],
  ['20,000 lines before', (t) => bash(`${'ls\n'.repeat(20_000)}${text(t)}`), 'exact'],
  ['100 KB argument before', (t) => bash(`echo '${'x'.repeat(100_000)}'; ${text(t)}`), 'exact'],
  ['grammar script of 100 KB', (t) => bash(`${'echo $x; '.repeat(10_000)}${text(t)}`), 'exact'],
  ['1,000 nested parentheses', (t) => bash(`${'('.repeat(1000)}${text(t)}${')'.repeat(1000)}`), 'at-least-prompt'],
  ['200 nested substitutions', (t) => bash(`${'echo $('.repeat(200)}${text(t)}${')'.repeat(200)}`), 'at-least-prompt'],
  ['15 sudo', (t) => [...words(15, 'sudo'), t.program, ...t.args], 'exact'],
  ['30 sudo', (t) => [...words(30, 'sudo'), t.program, ...t.args], 'at-least-prompt'],
  ['30 env', (t) => [...words(30, 'env'), t.program, ...t.args], 'at-least-prompt'],
  ['30 eval', (t) => bash(`${'eval '.repeat(30)}${text(t)}`), 'at-least-prompt'],
  [
    '17 nested sh -c',
    (t) => bash(words(17, '').reduce((s) => `sh -c "${s.replace(/["\\$`]/g, '\\$&')}"`, text(t))),
    'at-least-prompt',
  ],
  ['100,000-word argv', (t) => [t.program, ...t.args, ...words(100_000, 'x')], 'exact'],
  ['100,000 options to a wrapper', (t) => ['nice', ...words(100_000, '-n1'), t.program, ...t.args], 'exact'],
];

function expand(klass: AttackClass, rows: Row[], defaultExpect: Attack['expect'] = 'exact'): Attack[] {
  return rows.flatMap(([name, template, expect, live]) =>
    TARGETS.map((target) => ({
      id: `${klass}: ${name} (${target.name})`,
      class: klass,
      target,
      argv: template(target),
      expect: expect ?? defaultExpect,
      ...(live && { live }),
    })),
  );
}

const inScript = (rows: [string, (c: string) => string, boolean?][]): Row[] =>
  rows.map(([name, wrap, live]) => [name, (t) => bash(wrap(text(t))), 'exact', live]);

/** Every attack: at least 250 spellings across the classes. */
export const ATTACKS: readonly Attack[] = [
  ...expand('paths', paths),
  ...expand('wrappers', wrappers),
  ...expand('nested shells', nestedShells),
  ...expand('script syntax', inScript(syntax)),
  ...expand(
    'quoting',
    quoting.map(([name, spell, live]) => [name, (t) => bash(spell(t)), 'exact', live] as Row),
  ),
  ...expand('newlines', inScript(newlines)),
  ...expand('opaque', opaque, 'at-least-prompt'),
  ...expand('long input', long),
];
