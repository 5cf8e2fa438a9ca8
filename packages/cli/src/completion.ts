import { parseFlags, UsageError, type FlagSpec, type Flags } from './args.js';
import {
  COMMANDS,
  commandWords,
  completionFlags,
  globalFlags,
  subcommandsOf,
  type CommandSpec,
} from './command-table.js';
import { line, type Output } from './output.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

const takesFile = (spec: FlagSpec) => spec.type === 'string' && /FILE|PATH|MODULE/.test(spec.value ?? '');
const flagsOf = (c: CommandSpec): Flags => ({ ...c.flags, ...globalFlags });
const groups = () => commandWords().filter((w) => subcommandsOf(w).length > 0);
/** The words a positional may be when the synopsis lists them (`bash|zsh|fish`). */
const choices = (c: CommandSpec) => (/^[a-z]+(\|[a-z]+)+$/.test(c.args ?? '') ? c.args!.split('|') : []);
const filesAsArgs = (c: CommandSpec) => /FILE/.test(c.args ?? '');
/** The first clause of a flag's help, short enough for a completion menu. */
const brief = (text: string) => text.split(/[;(]/)[0]!.trim().slice(0, 70);
const topLevel = () =>
  commandWords().map((w) => [w, COMMANDS.find((c) => c.name === w)?.summary ?? `${subcommandsOf(w).join(', ')}`]);

function bash(): string {
  const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const cases = COMMANDS.map((c) => {
    const flags = Object.entries(flagsOf(c));
    const names = flags.flatMap(([n, f]) => [`--${n}`, ...(f.short ? [`-${f.short}`] : [])]);
    const withFile = flags
      .filter(([, f]) => takesFile(f))
      .flatMap(([n, f]) => [`--${n}`, ...(f.short ? [`-${f.short}`] : [])]);
    const withValue = flags
      .filter(([, f]) => f.type === 'string' && !takesFile(f))
      .flatMap(([n, f]) => [`--${n}`, ...(f.short ? [`-${f.short}`] : [])]);
    return [
      `    ${sq(c.name)})`,
      `      flags=${sq(names.join(' '))}; files=${sq(withFile.join(' '))}; values=${sq(withValue.join(' '))}`,
      `      words=${sq(choices(c).join(' '))}; argfiles=${filesAsArgs(c) ? 1 : 0};;`,
    ].join('\n');
  });
  const groupCase = groups()
    .map((g) => `    ${g}) subs=${sq(subcommandsOf(g).join(' '))};;`)
    .join('\n');
  return `# ratchet completion for bash. Load it with: source <(ratchet completion bash)
_ratchet() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd subs="" flags="" files="" values="" words="" argfiles=0 first=2
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W ${sq(`${commandWords().join(' ')} --help --version`)} -- "$cur"))
    return
  fi
  cmd="\${COMP_WORDS[1]}"
  case "$cmd" in
${groupCase}
  esac
  if [[ -n "$subs" ]]; then
    if [[ $COMP_CWORD -eq 2 ]]; then
      COMPREPLY=($(compgen -W "$subs --help" -- "$cur"))
      return
    fi
    cmd="$cmd \${COMP_WORDS[2]}"
    first=3
  fi
  case "$cmd" in
${cases.join('\n')}
  esac
  if [[ " $files " == *" $prev "* ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ " $values " == *" $prev "* ]]; then
    COMPREPLY=()
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ -n "$words" && $COMP_CWORD -eq $first ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  elif [[ $argfiles -eq 1 ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _ratchet ratchet
`;
}

/** Escapes text for a zsh `_arguments` or `_describe` spec inside single quotes. */
const zq = (s: string) => s.replace(/'/g, `'\\''`).replace(/([[\]:\\])/g, '\\$1');

function zshArguments(c: CommandSpec): string {
  const specs = Object.entries(flagsOf(c)).flatMap(([name, f]) => {
    const repeat = f.multiple ? '*' : '';
    const value =
      f.type === 'boolean' ? '' : takesFile(f) ? `:${zq(f.value ?? 'FILE')}:_files` : `:${zq(f.value ?? 'VALUE')}: `;
    const forms = [`--${name}`, ...(f.short ? [`-${f.short}`] : [])];
    return forms.map((form) => `'${repeat}${form}[${zq(brief(f.help))}]${value}'`);
  });
  const rest =
    choices(c).length > 0
      ? `'1:${zq(c.args!)}:(${choices(c).join(' ')})'`
      : filesAsArgs(c)
        ? `'*:file:_files'`
        : `'*:argument: '`;
  return `_arguments -S ${[...specs, rest].join(' ')}`;
}

function zsh(): string {
  const describe = (rows: readonly (readonly [string, string])[]) =>
    rows.map(([w, d]) => `'${zq(w)}:${zq(brief(d))}'`).join(' ');
  const groupCase = groups()
    .map((g) => {
      const subs = COMMANDS.filter((c) => c.name.startsWith(`${g} `)).map(
        (c) => [c.name.slice(g.length + 1), c.summary] as const,
      );
      return `    ${g}) subs=(${describe(subs)});;`;
    })
    .join('\n');
  const cases = COMMANDS.map((c) => `    '${c.name}') ${zshArguments(c)};;`).join('\n');
  return `#compdef ratchet
# ratchet completion for zsh. Install it with: ratchet completion zsh > "\${fpath[1]}/_ratchet"
_ratchet() {
  local -a commands subs
  local cmd
  if (( CURRENT == 2 )); then
    commands=(${describe(topLevel() as [string, string][])})
    _describe -t commands 'ratchet command' commands
    return
  fi
  cmd=$words[2]
  case $cmd in
${groupCase}
  esac
  if (( \${#subs} > 0 )); then
    if (( CURRENT == 3 )); then
      _describe -t commands "ratchet $cmd subcommand" subs
      return
    fi
    cmd="$cmd $words[3]"
    shift words; (( CURRENT-- ))
  fi
  shift words; (( CURRENT-- ))
  case $cmd in
${cases}
  esac
}
if [[ "$funcstack[1]" == "_ratchet" ]]; then
  _ratchet "$@"
else
  compdef _ratchet ratchet
fi
`;
}

function fish(): string {
  const fq = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const out = [
    '# ratchet completion for fish. Install it with: ratchet completion fish > ~/.config/fish/completions/ratchet.fish',
    'complete -c ratchet -f',
  ];
  for (const [word, summary] of topLevel())
    out.push(`complete -c ratchet -n __fish_use_subcommand -a ${word} -d ${fq(brief(summary!))}`);
  for (const c of COMMANDS) {
    const [word, sub] = c.name.split(' ');
    const seen = `__fish_seen_subcommand_from ${word}`;
    if (sub !== undefined) {
      const others = subcommandsOf(word!).join(' ');
      out.push(
        `complete -c ratchet -n ${fq(`${seen}; and not __fish_seen_subcommand_from ${others}`)} -a ${sub} -d ${fq(brief(c.summary))}`,
      );
    }
    const when = fq(sub !== undefined ? `${seen}; and __fish_seen_subcommand_from ${sub}` : seen);
    for (const [name, f] of Object.entries(flagsOf(c))) {
      const value = f.type === 'boolean' ? '' : takesFile(f) ? ' -r -F' : ' -x';
      out.push(
        `complete -c ratchet -n ${when} -l ${name}${f.short ? ` -s ${f.short}` : ''}${value} -d ${fq(brief(f.help))}`,
      );
    }
    if (choices(c).length > 0) out.push(`complete -c ratchet -n ${when} -a ${fq(choices(c).join(' '))}`);
    if (filesAsArgs(c)) out.push(`complete -c ratchet -n ${when} -F`);
  }
  return `${out.join('\n')}\n`;
}

const SCRIPTS: Readonly<Record<Shell, () => string>> = { bash, zsh, fish };

/** `ratchet completion bash|zsh|fish`: the completion script, made from the command table. */
export function completionCommand(args: readonly string[], out: Output): Promise<number> {
  const { positionals } = parseFlags(args, completionFlags);
  const shell = positionals[0];
  if (positionals.length !== 1 || !SHELLS.includes(shell as Shell))
    throw new UsageError(`completion takes one shell: ${SHELLS.join(', ')}${shell ? ` (got "${shell}")` : ''}`);
  line(out, SCRIPTS[shell as Shell]().trimEnd());
  return Promise.resolve(0);
}
