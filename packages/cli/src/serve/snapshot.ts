import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  defaultConfigPath,
  systemRequirementsPath,
  throwIfErrors,
  type Policy,
  type Resolved,
  type Table,
} from '@ratchet/core';
import type { NetworkRule } from '@ratchet/plugin-command-rules';
import type { CommandChecker } from '../commands/check-answer.js';
import { commandChecker } from '../commands/check.js';
import { configFileFor } from '../commands/check-write.js';
import { currentPlatform, loadPolicy, userConfigFor, type PolicyFlags } from '../host.js';
import type { Output } from '../output.js';
import { readUserRules } from '../rules-files.js';

/** Where the service's policy comes from: the policy flags and `--rules` files, as for the other commands. */
export interface ServeSources {
  readonly flags: PolicyFlags;
  readonly rules: readonly string[];
}

/** A part of a snapshot: its value, or the error a command would have stopped with (exit 2). */
export type Part<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

function part<T>(make: () => T): Part<T> {
  try {
    return { ok: true, value: make() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The value of a part, or its error thrown (answered as the command's error). */
export function take<T>(p: Part<T>): T {
  if (p.ok) return p.value;
  throw p.error;
}

/**
 * Everything the service answers from, read at one moment: the policy and, from the same read, the user's rules,
 * configuration and resolution. Immutable; a reload makes a new one, so an answer never mixes two policies.
 */
export interface Snapshot {
  readonly generation: number;
  readonly policy: Policy;
  readonly checker: Part<CommandChecker>;
  readonly resolution: Part<{ readonly resolved: Resolved }>;
  readonly networkRules: Part<readonly NetworkRule[]>;
  readonly configFile: Part<{ readonly table: Table; readonly name: string }>;
}

/** Loads a snapshot; a policy that does not load throws (an InputError for bad input), parts keep their own errors. */
export async function loadSnapshot(sources: ServeSources, generation: number, err: Output): Promise<Snapshot> {
  const { flags, rules } = sources;
  const policy = await loadPolicy(flags, err);
  const user = part(() => readUserRules(rules, flags));
  return {
    generation,
    policy,
    checker: user.ok ? part(() => commandChecker(policy, user.value, err)) : user,
    resolution: part(() => ({ resolved: policy.resolve(userConfigFor(flags, policy, err)) })),
    networkRules: user.ok
      ? part(() => {
          if (user.value.problem) throwIfErrors([user.value.problem]);
          return user.value.rules.networkRules ?? [];
        })
      : user,
    configFile: part(() => configFileFor(flags)),
  };
}

/** The parts that loaded before and do not now: a reload that would lose them keeps the old snapshot. */
export function lostParts(before: Snapshot, after: Snapshot): unknown[] {
  const keys = ['checker', 'resolution', 'networkRules', 'configFile'] as const;
  return keys.filter((k) => before[k].ok && !after[k].ok).map((k) => (after[k] as { error: unknown }).error);
}

/** The files and folders a snapshot was read from (missing ones included: their appearing is a change too). */
export function watchedPaths({ flags, rules }: ServeSources): string[] {
  const platform = currentPlatform();
  const config = flags.config ?? defaultConfigPath(platform);
  const system = systemRequirementsPath(platform);
  const defaults = flags.requirements.length === 0 && !flags.noDefaultSources;
  return [
    ...flags.requirements,
    ...(flags.managedConfig !== undefined ? [flags.managedConfig] : []),
    ...(defaults ? [system, join(dirname(system), 'managed_config.toml')] : []),
    config,
    join(dirname(config), 'hooks.json'),
    ...(rules.length > 0
      ? rules
      : [...(defaults ? [join(dirname(system), 'rules')] : []), join(dirname(config), 'rules')]),
  ];
}

/** Larger files are compared by size and time only. */
const HASHED_BYTES = 8 << 20;

/** What a path holds now, cheaply: a hash of a regular file's bytes, a folder's entries, or its absence. */
function stateOf(path: string): string {
  try {
    // Stat before opening: opening a FIFO would wait for a writer.
    const stat = statSync(path);
    if (stat.isDirectory())
      return `dir:${readdirSync(path)
        .sort()
        .map((f) => stateOf(join(path, f)))
        .join(',')}`;
    if (!stat.isFile() || stat.size > HASHED_BYTES) return `other:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    return `file:${createHash('sha256').update(readFileSync(path)).digest('base64')}`;
  } catch (error) {
    return `absent:${(error as NodeJS.ErrnoException).code}`;
  }
}

/** One string that changes whenever any watched path changes. */
export function sourcesState(paths: readonly string[]): string {
  return paths.map((p) => `${p}=${stateOf(p)}`).join('\n');
}
