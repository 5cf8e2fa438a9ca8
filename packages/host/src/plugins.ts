import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTable, RatchetError, type AnyProvider, type ProviderRegistration } from '@ratchet/core';

/** A plugin module named on the command line or in `RATCHET_PLUGINS` could not be loaded: exit 2, one line. */
export class PluginLoadError extends RatchetError {
  readonly code = 'RATCHET_PLUGIN_LOAD';
}

/** The members every provider has; a module's export without them is not a plugin. */
const PROVIDER_MEMBERS = ['requirementKeys', 'fields', 'settings', 'parse', 'tighten', 'allows', 'resolve', 'print'];

function isProvider(value: unknown): value is AnyProvider {
  return isTable(value) && typeof value.id === 'string' && PROVIDER_MEMBERS.every((m) => m in value);
}

/** The module names in a `RATCHET_PLUGINS` value: separated by commas or white space. */
export function pluginList(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter((name) => name !== '');
}

/** `exports` as Node reads it for `import` from Node: the first of the `node`, `import` and `default` conditions. */
function exported(target: unknown): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) return target.map(exported).find((t) => t !== undefined);
  if (!isTable(target)) return undefined;
  for (const condition of ['node', 'import', 'default']) {
    const found = exported(target[condition]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The entry file of a package's subpath (`.` or `./sub`), from its `exports`, else `main`, else `index.js`. */
function entryOf(dir: string, subpath: string): string | undefined {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const { exports } = manifest;
  if (exports !== undefined) {
    const map = isTable(exports) && Object.keys(exports).some((k) => k.startsWith('.')) ? exports : { '.': exports };
    const target = exported(map[subpath]);
    return target === undefined ? undefined : join(dir, target);
  }
  if (subpath !== '.') return join(dir, subpath);
  return join(dir, typeof manifest.main === 'string' ? manifest.main : 'index.js');
}

/**
 * Where a plugin module is, as `import` would find it from `from`: a path (absolute, or relative to `from`), or a
 * package name (with an optional subpath) in a `node_modules` folder at or above `from`.
 */
export function resolvePlugin(specifier: string, from: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const path = resolve(from, specifier);
    if (!existsSync(path)) throw new PluginLoadError(`cannot load plugin "${specifier}": ${path} does not exist`);
    return path;
  }
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const subpath = parts.length > nameLength ? `./${parts.slice(nameLength).join('/')}` : '.';
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) {
      const entry = entryOf(candidate, subpath);
      if (entry === undefined || !existsSync(entry))
        throw new PluginLoadError(`cannot load plugin "${specifier}": the package ${name} exports no ${subpath}`);
      return entry;
    }
    if (dirname(dir) === dir) break;
  }
  throw new PluginLoadError(
    `cannot load plugin "${specifier}": no package ${name} is installed at or above ${resolve(from)} (install it, or give a path)`,
  );
}

/** The providers a plugin module gives: its default export, a provider, a list of them, or a function returning either. */
function providersOf(specifier: string, module: Record<string, unknown>): AnyProvider[] {
  let value = module.default;
  try {
    if (typeof value === 'function') value = (value as () => unknown)();
  } catch (error) {
    throw new PluginLoadError(
      `cannot load plugin "${specifier}": its default export failed: ${(error as Error)?.message}`,
    );
  }
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every(isProvider)) {
    throw new PluginLoadError(
      `cannot load plugin "${specifier}": its default export is not a provider, a list of providers or a function returning them`,
    );
  }
  return list;
}

/**
 * Loads plugin modules by name or path (resolved from `from`, the current folder by default), each export
 * registered with the module name as its origin. A module that cannot be found, does not load, or exports no
 * provider is a `PluginLoadError` naming it.
 */
export async function loadPlugins(
  specifiers: readonly string[],
  from = process.cwd(),
): Promise<ProviderRegistration[]> {
  const loaded: ProviderRegistration[] = [];
  for (const specifier of specifiers) {
    const path = resolvePlugin(specifier, from);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      const reason = String((error as Error)?.message ?? error).split('\n')[0];
      throw new PluginLoadError(`cannot load plugin "${specifier}": ${reason}`);
    }
    for (const provider of providersOf(specifier, module)) loaded.push({ provider, origin: specifier });
  }
  return loaded;
}
