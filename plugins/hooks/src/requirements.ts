import { posix } from 'node:path';
import { expectBoolean, expectString, expectTable, type Combined, type Reporter, type Table } from '@ratchet/core';
import { isCommand, parseEvents, type HookGroup } from './config.js';
import { eventLabel, isEvent, type HookEvent } from './events.js';

/** The managed directories one requirements layer named (for the conflict check), and how many groups it listed per event. */
export interface ManagedDirs {
  readonly managed_dir?: string;
  readonly windows_managed_dir?: string;
  readonly source: string;
  readonly sizes?: Readonly<Partial<Record<HookEvent, number>>>;
}

/** Managed hooks: their groups (every layer's, highest first) and the directories each layer named. */
export interface ManagedHooks {
  readonly groups: readonly HookGroup[];
  readonly dirs: readonly ManagedDirs[];
}

/** What requirements say about hooks. */
export interface HooksRequirement {
  readonly hooks?: ManagedHooks;
  readonly allow_managed_hooks_only?: boolean;
}

/** The directory field in force on this platform: `windows_managed_dir` on Windows, else `managed_dir`. */
export const activeDirField = (platform: NodeJS.Platform = process.platform) =>
  platform === 'win32' ? 'windows_managed_dir' : 'managed_dir';

/** Parses one layer's `[hooks]`: the directories and every event's matcher groups, all managed. */
export function parseManagedHooks(raw: unknown, source: string, report: Reporter): ManagedHooks | undefined {
  const table = expectTable(raw, 'hooks', report);
  if (!table) return undefined;
  const managed_dir =
    table.managed_dir === undefined ? undefined : expectString(table.managed_dir, 'hooks.managed_dir', report);
  const windows_managed_dir =
    table.windows_managed_dir === undefined
      ? undefined
      : expectString(table.windows_managed_dir, 'hooks.windows_managed_dir', report);
  const dir = activeDirField() === 'managed_dir' ? managed_dir : windows_managed_dir;
  const keyPath = dir !== undefined && posix.isAbsolute(dir) ? dir : source;
  const groups = parseEvents(table, 'hooks', { source, managed: true, keyPath }, report, [
    'managed_dir',
    'windows_managed_dir',
  ]);
  const sizes = Object.fromEntries(
    Object.entries(table)
      .filter(([name, list]) => isEvent(name) && Array.isArray(list))
      .map(([name, list]) => [name, (list as unknown[]).length]),
  );
  const dirs = {
    ...(managed_dir !== undefined && { managed_dir }),
    ...(windows_managed_dir !== undefined && { windows_managed_dir }),
    source,
    sizes,
  };
  return { groups, dirs: [dirs] };
}

/**
 * Every layer's managed hooks, highest first, keyed as Codex keys the composed list: when a layer names an absolute
 * directory for this platform (the first one to name one wins), every group's key starts with it and group indices
 * run on across layers; otherwise each layer's groups keep keys under their own source.
 */
export function joinManagedHooks(higher: ManagedHooks, lower: ManagedHooks): ManagedHooks {
  const dirs = [...higher.dirs, ...lower.dirs];
  const field = activeDirField();
  const dir = dirs.find((d) => d[field] !== undefined)?.[field];
  if (dir === undefined || !posix.isAbsolute(dir)) return { groups: [...higher.groups, ...lower.groups], dirs };
  const offsets = new Map<string, Partial<Record<HookEvent, number>>>();
  const running: Partial<Record<HookEvent, number>> = {};
  for (const layer of dirs) {
    if (offsets.has(layer.source)) continue;
    offsets.set(layer.source, { ...running });
    for (const [event, size] of Object.entries(layer.sizes ?? {}) as [HookEvent, number][])
      running[event] = (running[event] ?? 0) + size;
  }
  const groups = [...higher.groups, ...lower.groups].map((g) => {
    if (g.position === undefined) return g;
    const index = (offsets.get(g.source)?.[g.event] ?? 0) + g.position;
    return { ...g, key: `${dir}:${eventLabel(g.event)}:${index}` };
  });
  return { groups, dirs };
}

export const parseAllowManagedOnly = (raw: unknown, report: Reporter) =>
  expectBoolean(raw, 'allow_managed_hooks_only', report);

const INTERPRETERS = new Set([
  'python',
  'python3',
  'bash',
  'sh',
  'zsh',
  'node',
  'ruby',
  'perl',
  'pwsh',
  'env',
  'deno',
  'bun',
]);

/** The paths a command names that lie outside `dir` (after resolving `..`); an absolute interpreter as first word is fine. */
export function pathsOutside(command: string, dir: string): string[] {
  const words = command.trim().split(/\s+/);
  return words.filter((word, i) => {
    const named = word.startsWith('/') || word.split('/').includes('..');
    if (!named || (i === 0 && INTERPRETERS.has(posix.basename(word)))) return false;
    const path = posix.normalize(posix.isAbsolute(word) ? word : posix.join(dir, word));
    return path !== dir && !path.startsWith(`${dir.replace(/\/+$/, '')}/`);
  });
}

/**
 * Two layers naming different directories for this platform fail closed, as Codex does; the other platform's
 * field may differ. A managed command naming a script outside the managed directory is reported.
 */
export function validateManagedHooks(requirement: Combined<HooksRequirement>, report: Reporter): void {
  const hooks = requirement.value.hooks;
  if (!hooks) return;
  const field = activeDirField();
  const named = hooks.dirs.filter((d) => d[field] !== undefined);
  const first = named[0];
  const other = named.find((d) => d[field] !== first?.[field]);
  if (first && other) {
    report({
      severity: 'error',
      kind: 'conflict',
      key: `hooks.${field}`,
      message: `failed to compose requirements field \`hooks.${field}\` between ${first.source} and ${other.source}: \`${first[field]}\` conflicts with \`${other[field]}\``,
      suggestion: `name one ${field} in every requirements layer`,
    });
  }
  const dir = first?.[field];
  if (dir === undefined || !posix.isAbsolute(dir)) return;
  for (const group of hooks.groups) {
    for (const handler of group.hooks.filter(isCommand)) {
      for (const path of pathsOutside(handler.command, posix.normalize(dir))) {
        report({
          severity: 'warning',
          kind: 'invalid-value',
          key: `hooks.${group.event}`,
          message: `managed hook command \`${handler.command}\` (${group.source}) names ${path}, outside ${field} ${dir}`,
          suggestion: `keep managed hook scripts under ${dir}`,
        });
      }
    }
  }
}

/** Back to `[hooks]`: the first layer's directories and every group (keys and sources are not written). */
export function printManagedHooks(hooks: ManagedHooks): Table {
  const events: Record<string, unknown[]> = {};
  for (const g of hooks.groups)
    (events[g.event] ??= []).push({
      ...(g.matcher !== undefined && { matcher: g.matcher }),
      hooks: g.hooks.map((h) => ({ ...h })),
    });
  const dirs = hooks.dirs[0];
  return {
    ...(dirs?.managed_dir !== undefined && { managed_dir: dirs.managed_dir }),
    ...(dirs?.windows_managed_dir !== undefined && { windows_managed_dir: dirs.windows_managed_dir }),
    ...events,
  };
}
