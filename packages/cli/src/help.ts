import { readFileSync } from 'node:fs';
import { closest } from '@ratchet/core';
import type { FlagSpec, Flags, UsageError } from './args.js';
import { COMMANDS, globalFlags, subcommandsOf, type CommandSpec } from './command-table.js';
import { policyOptions } from './args.js';
import { wrap } from './output.js';

/** Set by the bundler (scripts/bundle.mjs) to this package's version. */
declare const RATCHET_VERSION: string | undefined;

/** The version of this package: the bundler's, else read from `../package.json` beside the built `dist/`. */
export function version(): string {
  if (typeof RATCHET_VERSION === 'string') return RATCHET_VERSION;
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** `-c, --override K=V` or `    --json`. */
export function flagLabel(name: string, spec: FlagSpec): string {
  const value = spec.value !== undefined ? ` ${spec.value}` : '';
  return `${spec.short !== undefined ? `-${spec.short}, ` : '    '}--${name}${value}`;
}

const LABEL = 29;

/** Two columns: a label, and text wrapped to `width` under the text column (a long label gets a line of its own). */
function columns(rows: readonly (readonly [string, string])[], width: number, label = LABEL): string[] {
  const indent = ' '.repeat(label);
  return rows.flatMap(([name, text]) => {
    const head = `  ${name}`;
    const [first = '', ...more] = wrap(text, Math.max(20, width - label));
    const rest = more.map((l) => indent + l);
    return head.length + 2 > label ? [head, indent + first, ...rest] : [head.padEnd(label) + first, ...rest];
  });
}

const flagRows = (flags: Flags) =>
  Object.entries(flags).map(([name, spec]) => [flagLabel(name, spec), spec.help] as const);

const synopsis = (spec: CommandSpec) => `${spec.name}${spec.args !== undefined ? ` ${spec.args}` : ''}`;

const BASE_EXITS: readonly (readonly [number, string])[] = [
  [0, 'the answer was computed'],
  [2, 'invalid input (a file, a flag, an argument): one line on stderr naming the file, the key and the fix'],
  [1, 'an internal error (a bug): one line on stderr'],
];

function exitRows(spec: CommandSpec | undefined): (readonly [string, string])[] {
  const rows = [...BASE_EXITS, ...(spec?.exits ?? [])];
  return rows.sort((a, b) => a[0] - b[0]).map(([code, text]) => [String(code), text]);
}

/** `ratchet --help`: every command with its one line, the policy options, the options of every command. */
export function mainHelp(width: number): string {
  return [
    'Usage: ratchet <command> [options]',
    '',
    'Commands:',
    ...columns(
      COMMANDS.map((c) => [synopsis(c), c.summary]),
      width,
    ),
    '',
    'Policy options (every command that loads the requirements):',
    ...columns(flagRows(policyOptions), width),
    '',
    'Every command:',
    ...columns([...flagRows(globalFlags), ['    --version', "ratchet's version"]], width),
    '',
    'Exit status:',
    ...columns(exitRows(undefined), width, 6),
    '  (ratchet COMMAND --help lists the statuses a command adds, such as check --exit-code and validate --strict)',
    '',
    'Run ratchet COMMAND --help for the options of one command.',
  ].join('\n');
}

/** `ratchet COMMAND --help`. */
export function commandHelp(spec: CommandSpec, width: number): string {
  const args = spec.args?.startsWith('--')
    ? ` [options] ${spec.args}`
    : `${spec.args ? ` ${spec.args}` : ''} [options]`;
  return [
    `Usage: ratchet ${spec.name}${args}`,
    '',
    ...wrap(spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.', width),
    ...(spec.details ?? []).flatMap((d) => wrap(d, width)),
    ...(Object.keys(spec.flags).length > 0 ? ['', 'Options:', ...columns(flagRows(spec.flags), width)] : []),
    '',
    'Every command:',
    ...columns(flagRows(globalFlags), width),
    '',
    'Exit status:',
    ...columns(exitRows(spec), width, 6),
  ].join('\n');
}

/** `ratchet mcp --help`: the group's subcommands. */
export function groupHelp(word: string, width: number): string {
  const subs = COMMANDS.filter((c) => c.name.startsWith(`${word} `));
  return [
    `Usage: ratchet ${word} <${subcommandsOf(word).join('|')}> [options]`,
    '',
    ...columns(
      subs.map((c) => [synopsis(c), c.summary]),
      width,
    ),
    '',
    `Run ratchet ${word} SUBCOMMAND --help for its options.`,
  ].join('\n');
}

/** ` (did you mean "check"?)` after an unknown word, when one is close. */
export function didYouMean(word: string, known: readonly string[]): string {
  const near = closest(word, known);
  return near !== undefined ? ` (did you mean "${near}"?)` : '';
}

/** Quotes one argument for the shell when it needs it. */
const shellWord = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The index of the first positional in `args` (skipping flags and the values of those that take one), or -1. */
function firstPositional(args: readonly string[], flags: Flags): number {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return -1;
    if (!arg.startsWith('-') || arg === '-') return i;
    const name = arg.replace(/^--?/, '').split('=')[0]!;
    const spec = flags[name] ?? Object.values(flags).find((f) => f.short === name);
    if (spec?.type === 'string' && !arg.includes('=')) i++;
  }
  return -1;
}

/**
 * The text after `ratchet NAME: unknown option '-x'`: the hint to put a command after `--` (when the command takes one
 * and the option follows its first word, or is short), else a close flag name, then where help is.
 */
export function unknownOptionHint(spec: CommandSpec, error: UsageError, args: readonly string[]): string {
  const option = error.option ?? '';
  const flags = { ...spec.flags, ...globalFlags };
  const start = firstPositional(args, flags);
  const before = args.indexOf(option);
  if (spec.takesCommand && !args.includes('--') && (start !== -1 || !option.startsWith('--'))) {
    const words = args.slice(start !== -1 && start < before ? start : Math.max(0, before));
    return `; to ${spec.name} a command with options, put it after --: ratchet ${spec.name} -- ${words.map(shellWord).join(' ')}`;
  }
  const near = option.startsWith('--') ? closest(option.slice(2).split('=')[0]!, Object.keys(flags)) : undefined;
  return `${near !== undefined ? ` (did you mean --${near}?)` : ''}; run ratchet ${spec.name} --help`;
}
