import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { PolicyFlags } from './host.js';

/** A mistake on the command line (unknown flag, missing argument). */
export class UsageError extends Error {
  readonly code = 'RATCHET_USAGE';
}

export const policyOptions = {
  requirements: { type: 'string', multiple: true, default: [] },
  'managed-config': { type: 'string' },
  'no-default-sources': { type: 'boolean', default: false },
  config: { type: 'string' },
  profile: { type: 'string' },
  override: { type: 'string', short: 'c', multiple: true, default: [] },
  hostname: { type: 'string' },
  strict: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const satisfies ParseArgsConfig['options'];

/** `--rules FILE` (repeatable): user `.rules` files read instead of the default rules folders. */
export const rulesOption = {
  rules: { type: 'string', multiple: true, default: [] as string[] },
} satisfies ParseArgsConfig['options'];

/** `ratchet check`'s options. */
export const checkOptions = {
  ...policyOptions,
  ...rulesOption,
  batch: { type: 'boolean', default: false },
} satisfies ParseArgsConfig['options'];

/** Runs an argument parse, turning Node's parse errors into usage errors. */
export function guard<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // Node's text for an unknown option goes on to explain `--` with unbalanced quotes; its first sentence says it all.
    const text = code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? message.split('. ')[0]! : message.split('\n')[0]!;
    throw new UsageError(text.charAt(0).toLowerCase() + text.slice(1));
  }
}

/** Parses the flags shared by policy commands, plus positionals. */
export function parsePolicyArgs(args: readonly string[]) {
  return guard(() => parseArgs({ args: [...args], options: policyOptions, allowPositionals: true, strict: true }));
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
