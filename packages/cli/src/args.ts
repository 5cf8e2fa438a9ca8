import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PolicyFlags } from './host.js';

/** A mistake on the command line (unknown flag, missing argument); `option` names an unknown flag as given. */
export class UsageError extends Error {
  readonly code = 'RATCHET_USAGE';
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

type ParseOption = NonNullable<ParseArgsConfig['options']>[string];

/** One flag of the command line: its parse (as `node:util` `parseArgs` reads it) and its one-line help. */
export interface FlagSpec extends ParseOption {
  /** The value's placeholder in help (`FILE`, `NAME`); a `FILE` or `PATH` value completes as a file name. */
  readonly value?: string;
  readonly help: string;
}

/** A command's flags by long name. */
export type Flags = Readonly<Record<string, FlagSpec>>;

/** `--json`, for every command that answers. */
export const jsonFlag = {
  json: { type: 'boolean', default: false, help: 'print JSON' },
} as const satisfies Flags;

/** The flags shared by every command that loads the requirements. */
export const policyOptions = {
  requirements: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'FILE',
    help: 'a requirements layer, highest precedence first (repeatable); without it the default sources are read: cloud and MDM when configured, the system requirements.toml, and the legacy managed_config.toml beside it',
  },
  'managed-config': {
    type: 'string',
    value: 'FILE',
    help: 'a legacy managed_config.toml, read below the --requirements files',
  },
  'no-default-sources': {
    type: 'boolean',
    default: false,
    help: 'read no requirements unless --requirements names some',
  },
  config: {
    type: 'string',
    value: 'FILE',
    help: "the user's config.toml (default $CODEX_HOME/config.toml, else ~/.codex/config.toml)",
  },
  profile: { type: 'string', value: 'NAME', help: 'the active [profiles.NAME]' },
  override: {
    type: 'string',
    short: 'c',
    multiple: true,
    default: [],
    value: 'K=V',
    help: 'a config override (TOML value), last wins (repeatable)',
  },
  hostname: {
    type: 'string',
    value: 'NAME',
    help: "the host name for [[remote_sandbox_config]] (default: this machine's)",
  },
  strict: {
    type: 'boolean',
    default: false,
    help: 'combine every field across layers by tightening instead of by precedence',
  },
  ...jsonFlag,
} as const satisfies Flags;

/** `--exit-code`: a decision's own exit status, for scripts. */
export const exitCodeFlag = {
  'exit-code': {
    type: 'boolean',
    default: false,
    help: 'exit with the decision: 0 allow or none, 3 prompt (ask), 4 forbidden (deny)',
  },
} as const satisfies Flags;

/** Exit statuses of `--exit-code`: 2 stays invalid input, 1 an internal failure. */
export const DECISION_EXIT = { prompt: 3, forbidden: 4 } as const;

/** The unknown option a parse error names (`'--frob'` in Node's message), if any. */
function unknownOption(error: NodeJS.ErrnoException): string | undefined {
  if (error.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return undefined;
  return /'([^']+)'/.exec(error.message)?.[1];
}

/** `--rules FILE` (repeatable): user `.rules` files read instead of the default rules folders. */
export const rulesOption = {
  rules: {
    type: 'string',
    multiple: true,
    default: [],
    value: 'FILE',
    help: 'a user .rules file, read instead of the rules/ folders beside config.toml and the system requirements (repeatable)',
  },
} as const satisfies Flags;

/**
 * `ratchet check`'s flags. Here rather than in the command table, so that the cached check (`commands/check-fast.ts`)
 * reads them without the table, whose loaders of every command would come into its bundle.
 */
export const checkFlags = {
  ...rulesOption,
  batch: {
    type: 'boolean',
    default: false,
    help: 'read commands from stdin, one JSON list of words (or {"command": [...]} or {"script": "..."}) per line, and write one --json answer per line',
  },
  ...exitCodeFlag,
  ...policyOptions,
} as const satisfies Flags;

/** Runs an argument parse, turning Node's parse errors into usage errors. */
export function guard<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // Node's text for an unknown option goes on to explain `--` with unbalanced quotes; its first sentence says it all.
    const text = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? message.split('. ')[0]! : message.split('\n')[0]!;
    throw new UsageError(text.charAt(0).toLowerCase() + text.slice(1), unknownOption(error as NodeJS.ErrnoException));
  }
}

type Parsed<F extends Flags> = ReturnType<
  typeof parseArgs<{ args: string[]; options: F; allowPositionals: true; strict: true }>
>;

/** Parses `args` against a command's flags (strict: an unknown flag is a usage error), plus positionals. */
export function parseFlags<F extends Flags>(args: readonly string[], options: F): Parsed<F> {
  return guard(() => parseArgs({ args: [...args], options, allowPositionals: true, strict: true }));
}

/**
 * Reads `args` as `parseFlags` does, for the plain forms alone: `--name`, `--name=value` and `--name value` of known
 * long flags, positionals, and `--` with the positionals after it. Undefined for anything else (a short flag, an
 * unknown one, a value that looks like a flag, a missing value), which `parseFlags` then reads or rejects. What a
 * one-shot command reads before it knows whether it needs more: `node:util`'s parser costs a millisecond to load and run.
 */
export function parsePlainFlags<F extends Flags>(args: readonly string[], options: F): Parsed<F> | undefined {
  type Value = string | boolean | readonly (string | boolean)[];
  const values = Object.create(null) as Record<string, Value>;
  const positionals: string[] = [];
  let at = 0;
  for (; at < args.length && args[at] !== '--'; at++) {
    const arg = args[at]!;
    if (arg === '-' || !arg.startsWith('-')) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith('--')) return undefined;
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(options, name) ? options[name]! : undefined;
    if (spec === undefined) return undefined;
    if (spec.type === 'boolean') {
      if (eq >= 0) return undefined;
      values[name] = true;
      continue;
    }
    const value = eq < 0 ? args[++at] : arg.slice(eq + 1);
    if (value === undefined || (eq < 0 && value.length > 1 && value.startsWith('-'))) return undefined;
    const previous = values[name];
    values[name] = spec.multiple ? [...(typeof previous === 'object' ? previous : []), value] : value;
  }
  for (const [name, spec] of Object.entries(options))
    if (!(name in values) && spec.default !== undefined) values[name] = spec.default;
  return { values, positionals: [...positionals, ...args.slice(at + 1)] } as Parsed<F>;
}

/** Parses the flags shared by policy commands, plus positionals. */
export function parsePolicyArgs(args: readonly string[]) {
  return parseFlags(args, policyOptions);
}

type PolicyValues = ReturnType<typeof parsePolicyArgs>['values'];

export function policyFlags(values: PolicyValues): PolicyFlags {
  return {
    requirements: values.requirements,
    noDefaultSources: values['no-default-sources'],
    ...(values['managed-config'] !== undefined && { managedConfig: values['managed-config'] }),
    overrides: values.override,
    strict: values.strict,
    ...(values.config !== undefined && { config: values.config }),
    ...(values.profile !== undefined && { profile: values.profile }),
    ...(values.hostname !== undefined && { hostname: values.hostname }),
  };
}
