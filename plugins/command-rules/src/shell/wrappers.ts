import { isAssignment, type ShellWord } from './words.js';

/**
 * How a program's own options are read: which take a value, which take a shell script as their value, how many
 * operands come before the command it runs. Options not listed are flags. Values may also be attached
 * (`--user=root`, `-uroot`).
 */
interface OptionGrammar {
  /** Options followed by one value (`-u USER`); `name:N` for an option followed by N values (`--bind SRC DEST`). */
  readonly valued?: string;
  /** Options whose value is a shell script the program runs (`su -c SCRIPT`). */
  readonly script?: string;
  /** Options whose value is split into words put before the command (`env -S 'git push'`). */
  readonly split?: string;
  /** Operands after the options and before the command (`timeout DURATION cmd`). */
  readonly operands?: number;
  /** Whether `NAME=value` words may come before the command (`env A=1 cmd`, `sudo A=1 cmd`). */
  readonly assignments?: boolean;
  /** Whether options may follow the first operand (`su root -c SCRIPT`): scan every word for script options. */
  readonly scriptAnywhere?: boolean;
}

/** What a program runs, as far as its argv tells. */
type Runs =
  /** The command after its options (`sudo -u root git push` runs `git push`). */
  | 'command'
  /** Like `command`, and the program appends words read from standard input (`xargs git` may run `git push`). */
  | 'command+stdin'
  /** Its words after the options, joined, as a shell script (`watch 'git push'`). */
  | 'script'
  /** All its words, joined, as a shell script: `eval git push`. */
  | 'eval'
  /** A shell: `-c SCRIPT`, a script file, or a script read from standard input. */
  | 'shell'
  /** Only the scripts its script options carry (`su -c`, `script -c`); without one, an interactive shell. */
  | 'script-option'
  /** `find … -exec CMD … ;` and its kin. */
  | 'find'
  /** `parallel [opts] [CMD] ::: ARGS`: a command template run by a shell, or each argument as a command. */
  | 'parallel'
  /** `gdb [opts] --args CMD …`. */
  | 'gdb'
  /** `source FILE` / `. FILE`: a file the shell reads; opaque when its name is computed. */
  | 'source'
  /** `trap ACTION SIGNAL…`: the action is a script run later. */
  | 'trap'
  /** `alias NAME=TEXT`: changes what a command name runs. */
  | 'alias'
  /** `hash -p PATH NAME`: makes NAME run PATH. */
  | 'hash';

interface WrapperSpec extends OptionGrammar {
  readonly runs: Runs;
  /** Without a command, the program starts an interactive shell (`sudo -s`, `chroot DIR`), which reads standard input. */
  readonly shellWithoutCommand?: boolean;
}

/**
 * Programs that run commands given to them, each with its option grammar: the one table the analysis reads.
 * Shells are here too (`bash`, `dash`, `fish`…): any flags, `-c SCRIPT` anywhere among them.
 */
export const WRAPPERS = {
  // Shells.
  sh: { runs: 'shell' },
  bash: { runs: 'shell', valued: '--rcfile --init-file' },
  rbash: { runs: 'shell', valued: '--rcfile --init-file' },
  dash: { runs: 'shell' },
  ash: { runs: 'shell' },
  ksh: { runs: 'shell' },
  ksh93: { runs: 'shell' },
  mksh: { runs: 'shell' },
  lksh: { runs: 'shell' },
  pdksh: { runs: 'shell' },
  oksh: { runs: 'shell' },
  yash: { runs: 'shell' },
  posh: { runs: 'shell' },
  zsh: { runs: 'shell' },
  fish: { runs: 'shell', script: '-c --command -C --init-command' },
  csh: { runs: 'shell' },
  tcsh: { runs: 'shell' },
  // Shell builtins that run their arguments.
  command: { runs: 'command' },
  builtin: { runs: 'command' },
  exec: { runs: 'command', valued: '-a' },
  coproc: { runs: 'command' },
  time: { runs: 'command', valued: '-f --format -o --output' },
  eval: { runs: 'eval' },
  source: { runs: 'source' },
  '.': { runs: 'source' },
  trap: { runs: 'trap' },
  alias: { runs: 'alias' },
  hash: { runs: 'hash' },
  // Privileges and users.
  sudo: {
    runs: 'command',
    assignments: true,
    shellWithoutCommand: true,
    valued:
      '-u --user -g --group -C --close-from -D --chdir -h --host -p --prompt -r --role -t --type -U --other-user ' +
      '-T --command-timeout -R --chroot',
  },
  doas: { runs: 'command', valued: '-u -C', shellWithoutCommand: true },
  run0: { runs: 'command', valued: '-u --user -g --group -D --chdir --unit --property --description --slice --nice' },
  pkexec: { runs: 'command', valued: '--user -u' },
  su: {
    runs: 'script-option',
    script: '-c --command --session-command',
    valued: '-s --shell -g --group -G --supp-group -w --whitelist-environment',
    scriptAnywhere: true,
  },
  runuser: {
    runs: 'script-option',
    script: '-c --command --session-command',
    valued: '-u --user -s --shell -g --group -G --supp-group -w --whitelist-environment',
    scriptAnywhere: true,
  },
  sg: { runs: 'script-option', script: '-c', scriptAnywhere: true },
  script: {
    runs: 'script-option',
    script: '-c --command',
    valued: '-E --echo -I --log-in -O --log-out -B --log-io -T --log-timing -m --logging-format',
  },
  setpriv: {
    runs: 'command',
    valued:
      '--reuid --regid --ruid --rgid --euid --egid --groups --inh-caps --ambient-caps --bounding-set --securebits --pdeathsig --selinux-label --apparmor-profile --landlock-access --landlock-rule',
  },
  'su-exec': { runs: 'command', operands: 1 },
  gosu: { runs: 'command', operands: 1 },
  fakeroot: { runs: 'command', valued: '-l --lib --faked -s -i' },
  // Scheduling, limits and environment.
  env: { runs: 'command', assignments: true, valued: '-u --unset -C --chdir -P', split: '-S --split-string' },
  nice: { runs: 'command', valued: '-n --adjustment' },
  ionice: { runs: 'command', valued: '-c --class -n --classdata -p --pid -P --pgid -u --uid' },
  chrt: { runs: 'command', valued: '-T --sched-runtime -P --sched-period -D --sched-deadline', operands: 1 },
  taskset: { runs: 'command', operands: 1 },
  numactl: { runs: 'command', valued: '-i --interleave -N --cpunodebind -m --membind -p --preferred -C --physcpubind' },
  prlimit: { runs: 'command', valued: '-p --pid -o --output' },
  cpulimit: { runs: 'command', valued: '-l --limit -p --pid -e --exe -m' },
  timeout: { runs: 'command', valued: '-s --signal -k --kill-after', operands: 1 },
  nohup: { runs: 'command' },
  setsid: { runs: 'command' },
  stdbuf: { runs: 'command', valued: '-i --input -o --output -e --error' },
  unbuffer: { runs: 'command' },
  faketime: { runs: 'command', valued: '-p --date-prog', operands: 1 },
  caffeinate: { runs: 'command', valued: '-t -w' },
  arch: { runs: 'command' },
  'sandbox-exec': { runs: 'command', valued: '-f -n -p -D' },
  torsocks: { runs: 'command', valued: '-u --user -p --pass -a --address -P --port' },
  proxychains: { runs: 'command', valued: '-f' },
  proxychains4: { runs: 'command', valued: '-f' },
  catchsegv: { runs: 'command' },
  flock: {
    runs: 'command',
    valued: '-w --wait --timeout -E --conflict-exit-code',
    script: '-c --command',
    operands: 1,
  },
  // Many commands from one.
  xargs: {
    runs: 'command+stdin',
    valued:
      '-a --arg-file -d --delimiter -E -I --replace -L --max-lines -n --max-args -P --max-procs -s --max-chars ' +
      '--process-slot-var',
  },
  find: { runs: 'find' },
  parallel: { runs: 'parallel' },
  watch: { runs: 'script', valued: '-n --interval -d --differences -q --equexit' },
  // Tracing and debugging.
  strace: { runs: 'command', valued: '-e -o -p -s -u -a -b -E -I -O -S -X -P --output --string-limit --user' },
  ltrace: { runs: 'command', valued: '-e -o -p -s -u -a -n -A -D -F -l -x --output --library --indent' },
  valgrind: { runs: 'command' },
  gdb: { runs: 'gdb' },
  // Namespaces, containers and sandboxes.
  unshare: {
    runs: 'command',
    valued:
      '-S --setuid -G --setgid -R --root -w --wd --propagation --setgroups --map-user --map-group --map-users --map-groups',
  },
  nsenter: { runs: 'command', valued: '-t --target -S --setuid -G --setgid --user-parent' },
  chroot: { runs: 'command', valued: '--userspec --groups', operands: 1, shellWithoutCommand: true },
  bwrap: {
    runs: 'command',
    valued:
      '--args --argv0 --chdir --unsetenv --proc --dev --tmpfs --mqueue --dir --remount-ro --lock-file --seccomp ' +
      '--add-seccomp-fd --info-fd --json-status-fd --block-fd --userns-block-fd --sync-fd --uid --gid --hostname ' +
      '--exec-label --file-label --cap-add --cap-drop --perms --size --overlay-src --tmp-overlay --ro-overlay ' +
      '--userns --userns2 --pidns ' +
      '--bind:2 --bind-try:2 --ro-bind:2 --ro-bind-try:2 --dev-bind:2 --dev-bind-try:2 --bind-data:2 ' +
      '--ro-bind-data:2 --file:2 --symlink:2 --setenv:2 --chmod:2 --bind-fd:2 --ro-bind-fd:2 --overlay:3',
  },
  firejail: { runs: 'command' },
  'systemd-run': {
    runs: 'command',
    valued:
      '-u --unit -p --property -H --host -M --machine --description --slice -E --setenv --uid --gid --nice ' +
      '--working-directory --service-type --on-active --on-boot --on-startup --on-unit-active --on-unit-inactive ' +
      '--on-calendar --timer-property --path-property --socket-property',
  },
  busybox: { runs: 'command' },
  npx: {
    runs: 'command',
    valued: '-p --package --cache --registry --userconfig -w --workspace --prefix',
    script: '-c --call',
  },
} as const satisfies Readonly<Record<string, WrapperSpec>>;

/** A program the analysis looks through. */
export type WrapperName = keyof typeof WRAPPERS;

/** Every program the analysis looks through, from the table. */
export const WRAPPER_NAMES = Object.keys(WRAPPERS) as WrapperName[];

/** What a wrapper leads to: a command to judge, a script to read, or a reason what runs cannot be known. */
export type Next =
  | { readonly kind: 'command'; readonly words: readonly ShellWord[] }
  | { readonly kind: 'script'; readonly script: ShellWord; readonly append?: readonly ShellWord[] }
  | { readonly kind: 'opaque'; readonly reason: string };

/** Option names from a grammar string, with how many values each takes. */
function optionTable(spec: string | undefined, values = 1): Map<string, number> {
  const table = new Map<string, number>();
  for (const entry of (spec ?? '').split(' ').filter(Boolean)) {
    const [name, count] = entry.split(':') as [string, string | undefined];
    table.set(name, count === undefined ? values : Number(count));
  }
  return table;
}

/** A table entry with its option grammar compiled. */
interface Wrapper extends WrapperSpec {
  readonly name: WrapperName;
  readonly valuedOptions: ReadonlyMap<string, number>;
  readonly scriptOptions: ReadonlySet<string>;
  readonly splitOptions: ReadonlySet<string>;
}

/** Every wrapper's entry with its option grammar, compiled on its first lookup (`null` until then). */
const compiled = new Map<string, Wrapper | null>(WRAPPER_NAMES.map((name) => [name, null]));

const isWrapper = (name: string): name is WrapperName => Object.hasOwn(WRAPPERS, name);

/** The table entry of `name`, or undefined for a program that is no wrapper: one lookup, as most commands are none. */
function wrapperOf(name: string): Wrapper | undefined {
  const found = compiled.get(name);
  if (found !== null) return found;
  if (!isWrapper(name)) return undefined; // never: only wrappers' names are in the map
  const spec: WrapperSpec = WRAPPERS[name];
  const wrapper = {
    ...spec,
    name,
    valuedOptions: optionTable(spec.valued),
    scriptOptions: new Set(optionTable(spec.script).keys()),
    splitOptions: new Set(optionTable(spec.split).keys()),
  };
  compiled.set(name, wrapper);
  return wrapper;
}

const word = (value: string): ShellWord => ({ value, raw: value });

/** Words the program appends from standard input: any number of words, unknown from the text. */
const STDIN_WORDS: ShellWord = { value: '{stdin}', raw: '{stdin}', opaque: 'words read from standard input' };

/**
 * Reads a wrapper's options from `words[1]` on: the command words that follow, and the scripts and split strings
 * its options carry. An option whose text is computed at run time (`sudo $opts git`) is reported, then read as a flag.
 */
function readOptions(spec: Wrapper, words: readonly ShellWord[]): { rest: readonly ShellWord[]; next: Next[] } {
  const { name, valuedOptions: valued, scriptOptions: script, splitOptions: split } = spec;
  const next: Next[] = [];
  const take = (option: string, value: ShellWord | undefined) => {
    if (value === undefined) return;
    if (script.has(option)) next.push({ kind: 'script', script: value });
    else if (split.has(option)) next.push({ kind: 'script', script: value, append: [] });
  };
  let operands = spec.operands ?? 0;
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!;
    const text = w.value;
    if (w.opaque) {
      next.push({
        kind: 'opaque',
        reason: `an argument of \`${name}\` is ${w.opaque}, so what it runs cannot be told`,
      });
      continue;
    }
    if (text === '--') {
      i++;
      break;
    }
    if (spec.assignments && isAssignment(text)) continue;
    if (text === '-' || !text.startsWith('-')) {
      if (text !== '-' && operands === 0) break;
      if (text !== '-') operands--;
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const option = eq < 0 ? text : text.slice(0, eq);
      if (eq >= 0) take(option, word(text.slice(eq + 1)));
      else if (script.has(option) || split.has(option)) take(option, words[++i]);
      else i += valued.get(option) ?? 0;
      continue;
    }
    // A cluster of short options (`-Eu root`, `-uroot`): the first that takes a value ends it.
    for (let j = 1; j < text.length; j++) {
      const option = `-${text[j]}`;
      if (!valued.has(option) && !script.has(option) && !split.has(option)) continue;
      const attached = text.slice(j + 1);
      if (attached !== '') take(option, word(attached));
      else if (script.has(option) || split.has(option)) take(option, words[++i]);
      else i += valued.get(option)!;
      break;
    }
  }
  // `env -- A=1 cmd`: assignments may still follow the `--`.
  while (spec.assignments && i < words.length && !words[i]!.opaque && isAssignment(words[i]!.value)) i++;
  const rest = words.slice(Math.min(i, words.length));
  // `env -S 'a b' c`: the split string's words come before the rest.
  return { rest, next: next.map((n) => (n.kind === 'script' && n.append ? { ...n, append: rest } : n)) };
}

const STDIN_SHELL = 'runs a shell that reads its commands from standard input, which the text does not show';

/** A shell's argv: `-c SCRIPT` (the flag anywhere among its options), a script file, or standard input. */
function shellNext(spec: Wrapper, words: readonly ShellWord[]): Next[] {
  const { name, valuedOptions: valued, scriptOptions: script } = spec;
  const next: Next[] = [];
  let dashC = false;
  let stdin = false;
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (w.opaque) {
      next.push({
        kind: 'opaque',
        reason: `an argument of \`${name}\` is ${w.opaque}, so what it runs cannot be told`,
      });
      continue;
    }
    const text = w.value;
    if (text === '--' || text === '-') {
      i++;
      break;
    }
    if (!/^[-+]./.test(text)) break;
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const option = eq < 0 ? text : text.slice(0, eq);
      if (script.has(option))
        next.push({ kind: 'script', script: eq < 0 ? (words[++i] ?? word('')) : word(text.slice(eq + 1)) });
      else if (eq < 0) i += valued.get(option) ?? 0;
      continue;
    }
    for (let j = 1; j < text.length; j++) {
      const letter = text[j]!;
      const option = `-${letter}`;
      if (script.has(option)) {
        const attached = text.slice(j + 1);
        next.push({ kind: 'script', script: attached !== '' ? word(attached) : (words[++i] ?? word('')) });
        break;
      }
      if (letter === 'c') dashC = true;
      else if (letter === 's' || letter === 'i') stdin = true;
      else if (letter === 'o' || letter === 'O') {
        i++; // `-o posix`, `+O extglob`: the option's name follows
        break;
      }
    }
  }
  if (dashC) {
    const body = words[i];
    if (body === undefined)
      return [...next, { kind: 'opaque', reason: `\`${name} -c\` is given no script here: it comes from elsewhere` }];
    return [...next, { kind: 'script', script: body }];
  }
  if (next.some((n) => n.kind === 'script')) return next;
  if (stdin || i >= words.length) return [...next, { kind: 'opaque', reason: `\`${name}\` ${STDIN_SHELL}` }];
  return next; // `bash script.sh`: runs a file, like any program
}

/** `find … -exec CMD … ;` (and -execdir, -ok, -okdir): each command, `{}` standing for found paths. */
function findNext(words: readonly ShellWord[]): Next[] {
  const next: Next[] = [];
  for (let i = 1; i < words.length; i++) {
    if (!['-exec', '-execdir', '-ok', '-okdir'].includes(words[i]!.value)) continue;
    let end = i + 1;
    while (end < words.length && words[end]!.value !== ';' && words[end]!.value !== '+') end++;
    const command = words
      .slice(i + 1, end)
      .map((w) => (w.value.includes('{}') ? { ...w, opaque: w.opaque ?? 'a path `find` puts in place of {}' } : w));
    if (command.length > 0) next.push({ kind: 'command', words: command });
    i = end;
  }
  return next;
}

/** `parallel [options] [COMMAND] ::: ARGS`: a command template, or each argument as a command; both run by a shell. */
function parallelNext(words: readonly ShellWord[]): Next[] {
  const marker = words.findIndex((w, i) => i > 0 && /^:::+\+?$/.test(w.value));
  const head = words.slice(1, marker < 0 ? undefined : marker);
  let i = 0;
  const valuedOptions =
    /^-(j|P|S|a|d|I|E|N|n|L|l|C|X)$|^--(jobs|sshlogin|arg-file|delimiter|colsep|results|joblog|timeout|tmpdir|workdir|env|tag-string|halt)$/;
  while (i < head.length && head[i]!.value.startsWith('-')) i += valuedOptions.test(head[i]!.value) ? 2 : 1;
  const template = head.slice(i);
  if (template.length > 0) return [{ kind: 'script', script: joined(template), append: [STDIN_WORDS] }];
  if (marker < 0) return [{ kind: 'opaque', reason: '`parallel` runs commands read from standard input' }];
  return words
    .slice(marker + 1)
    .filter((w) => !/^:::+\+?$/.test(w.value))
    .map((w) => ({ kind: 'script', script: w }) as const);
}

/** Words joined by blanks into one script, as `eval`, `watch` and `parallel` join them. */
function joined(words: readonly ShellWord[]): ShellWord {
  const opaque = words.find((w) => w.opaque)?.opaque;
  const value = words.map((w) => w.value).join(' ');
  return opaque ? { value, raw: value, opaque } : word(value);
}

/**
 * What a program runs when it is a wrapper in the table: the commands and scripts to judge next, and reasons what
 * runs cannot be known. Empty for a program that is no wrapper (or runs nothing here, as `hash` without `-p`).
 */
export function unwrap(name: string, words: readonly ShellWord[]): Next[] {
  const spec = wrapperOf(name);
  if (!spec) return [];
  const args = words.slice(1);
  switch (spec.runs) {
    case 'shell':
      return shellNext(spec, words);
    case 'find':
      return findNext(words);
    case 'parallel':
      return parallelNext(words);
    case 'gdb': {
      const at = words.findIndex((w) => w.value === '--args');
      return at < 0 || at + 1 >= words.length ? [] : [{ kind: 'command', words: words.slice(at + 1) }];
    }
    case 'source': {
      const file = args[0];
      return file?.opaque ? [{ kind: 'opaque', reason: `\`${name}\` reads a file whose name is ${file.opaque}` }] : [];
    }
    case 'trap': {
      const action = args[0];
      if (!action || args.length < 2 || ['-', '-p', '-l', '--'].includes(action.value)) return [];
      return [
        { kind: 'opaque', reason: '`trap` sets a command to run later, when a signal or exit comes' },
        { kind: 'script', script: action },
      ];
    }
    case 'alias':
      return args.some((w) => w.opaque || w.value.includes('='))
        ? [{ kind: 'opaque', reason: '`alias` changes what a command name runs' }]
        : [];
    case 'hash':
      return args.some((w) => w.opaque || w.value.startsWith('-p'))
        ? [{ kind: 'opaque', reason: '`hash -p` makes a command name run another program' }]
        : [];
    case 'eval':
      return args.length > 0 ? [{ kind: 'script', script: joined(args) }] : [];
    case 'script':
    case 'script-option':
    case 'command':
    case 'command+stdin':
      break;
  }
  const { rest, next } = readOptions(spec, words);
  if (spec.runs === 'script-option') {
    if (spec.scriptAnywhere)
      for (let i = 1; i < words.length; i++) {
        const w = words[i]!.value;
        if (next.some((n) => n.kind === 'script')) break;
        const eq = w.indexOf('=');
        if (spec.scriptOptions.has(w)) {
          const body = words[i + 1];
          if (body) next.push({ kind: 'script', script: body });
        } else if (w.startsWith('--') && eq > 0 && spec.scriptOptions.has(w.slice(0, eq)))
          next.push({ kind: 'script', script: word(w.slice(eq + 1)) });
      }
    // `runuser -u USER -- cmd`: the command form.
    if (name === 'runuser' && words.some((w) => w.value === '-u' || w.value.startsWith('--user')) && rest.length > 0)
      next.push({ kind: 'command', words: rest });
    if (!next.some((n) => n.kind !== 'opaque')) next.push({ kind: 'opaque', reason: `\`${name}\` ${STDIN_SHELL}` });
    return next;
  }
  if (spec.runs === 'script') return rest.length > 0 ? [...next, { kind: 'script', script: joined(rest) }] : next;
  if (rest.length === 0) {
    if (spec.shellWithoutCommand && !next.some((n) => n.kind === 'script'))
      next.push({ kind: 'opaque', reason: `\`${name}\` without a command ${STDIN_SHELL}` });
    return next;
  }
  const command = spec.runs === 'command+stdin' ? [...rest, STDIN_WORDS] : rest;
  return [...next, { kind: 'command', words: command }];
}
