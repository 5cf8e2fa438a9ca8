import { posix } from 'node:path';

/** A wrapper's options: which take a value (`-u USER`), and how many leading operands precede the command. */
interface WrapperSpec {
  readonly valued: ReadonlySet<string>;
  /** Operands before the command (`timeout DURATION cmd`). */
  readonly operands?: number;
  /** Whether NAME=VALUE words may precede the command (`env A=1 cmd`). */
  readonly assignments?: boolean;
}

const spec = (valued: string[], extra: Omit<WrapperSpec, 'valued'> = {}): WrapperSpec => ({
  valued: new Set(valued),
  ...extra,
});

/** Programs that run the command given after their own options. */
const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  env: spec(['-u', '--unset', '-C', '--chdir', '-S', '--split-string'], { assignments: true }),
  command: spec([]),
  exec: spec(['-a']),
  nohup: spec([]),
  nice: spec(['-n', '--adjustment']),
  time: spec(['-f', '--format', '-o', '--output']),
  timeout: spec(['-s', '--signal', '-k', '--kill-after'], { operands: 1 }),
  sudo: spec([
    '-u',
    '--user',
    '-g',
    '--group',
    '-C',
    '--close-from',
    '-D',
    '--chdir',
    '-h',
    '--host',
    '-p',
    '--prompt',
    '-r',
    '--role',
    '-t',
    '--type',
    '-U',
    '--other-user',
    '-T',
    '--command-timeout',
  ]),
  doas: spec(['-u', '-C']),
  xargs: spec([
    '-a',
    '--arg-file',
    '-d',
    '--delimiter',
    '-E',
    '-e',
    '--eof',
    '-I',
    '-i',
    '--replace',
    '-L',
    '-l',
    '--max-lines',
    '-n',
    '--max-args',
    '-P',
    '--max-procs',
    '-s',
    '--max-chars',
  ]),
  stdbuf: spec(['-i', '--input', '-o', '--output', '-e', '--error']),
  chroot: spec(['--userspec', '--groups'], { operands: 1 }),
  setsid: spec([]),
  ionice: spec(['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid']),
};

/** The command a wrapper runs (`sudo -u x git push` → `git push`, `eval`, `find -exec`), or undefined when the program is no wrapper. */
export function innerCommand(words: readonly string[]): string[] | undefined {
  const program = words[0];
  const name = program === undefined ? '' : posix.basename(program);
  // `eval ARGS` runs its words as a script; `find … -exec CMD … ;` runs CMD.
  if (name === 'eval') return words.length > 1 ? ['sh', '-c', words.slice(1).join(' ')] : undefined;
  if (name === 'find') {
    const at = words.findIndex((w) => w === '-exec' || w === '-execdir' || w === '-ok' || w === '-okdir');
    if (at < 0) return undefined;
    const end = words.findIndex((w, i) => i > at && (w === ';' || w === '+'));
    return words.slice(at + 1, end < 0 ? undefined : end);
  }
  const wrapper = Object.hasOwn(WRAPPERS, name) ? WRAPPERS[name] : undefined;
  if (!wrapper) return undefined;
  let i = 1;
  while (i < words.length) {
    const word = words[i]!;
    if (word === '--') {
      i++;
      break;
    }
    if (wrapper.assignments && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      i++;
      continue;
    }
    if (word === '-') {
      i++;
      continue;
    }
    if (!word.startsWith('-')) break;
    i += wrapper.valued.has(word) ? 2 : 1;
  }
  // `env -- A=1 cmd`: assignments may still follow the `--`.
  while (wrapper.assignments && i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]!)) i++;
  i += wrapper.operands ?? 0;
  return words.slice(i);
}
