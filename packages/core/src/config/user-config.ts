import { parse } from 'smol-toml';
import { DiagnosticBag } from '../diagnostics/diagnostic.js';
import { throwIfErrors } from '../diagnostics/errors.js';
import { suggestion } from '../diagnostics/suggest.js';
import type { Requested, ValueOrigin } from '../provider/contract.js';
import { isTable, typeName, valueAt, type Table } from '../shape/shape.js';
import { parseTomlText, readTomlFile, type FileReader } from '../sources/toml.js';

/** One layer of the user's configuration, highest first when listed. */
export interface ConfigLayer {
  readonly layer: ValueOrigin['layer'];
  /** File path, `-c`, or a host-given name. */
  readonly source: string;
  /** Prefix to show before keys found here (`profiles.work.`). */
  readonly keyPrefix: string;
  readonly table: Table;
}

/** The user's configuration: layers looked up highest first, each value remembering where it came from. */
export class UserConfig {
  /** Lookups are memoized: the layers never change once built, and every resolve asks for every setting. */
  readonly #found = new Map<string, Requested<unknown> | undefined>();

  constructor(readonly layers: readonly ConfigLayer[]) {}

  /** An empty configuration (every setting at its default). */
  static empty(): UserConfig {
    return new UserConfig([]);
  }

  /** The value at a dotted key from the highest layer that has it. */
  get(key: string): Requested<unknown> | undefined {
    if (this.#found.has(key)) return this.#found.get(key);
    const found = this.#lookup(key);
    this.#found.set(key, found);
    return found;
  }

  /**
   * The tables at a dotted key deep-merged across layers (lower first, higher winning per key), attributed to
   * the highest layer that has one; a non-table value in a higher layer replaces what is below it.
   */
  merged(key: string): Requested<unknown> | undefined {
    let merged: unknown;
    let origin: Requested<unknown>['origin'] | undefined;
    for (const layer of [...this.layers].reverse()) {
      const value = valueAt(layer.table, key);
      if (value === undefined) continue;
      merged = isTable(value) && isTable(merged) ? deepMerge(merged, value) : value;
      origin = { layer: layer.layer, source: layer.source, key: `${layer.keyPrefix}${key}` };
    }
    return origin && { value: merged, origin };
  }

  /** Every layer's value at a dotted key, lowest precedence first, each with its origin. */
  all(key: string): Requested<unknown>[] {
    const found: Requested<unknown>[] = [];
    for (const layer of [...this.layers].reverse()) {
      const value = valueAt(layer.table, key);
      if (value !== undefined)
        found.push({ value, origin: { layer: layer.layer, source: layer.source, key: `${layer.keyPrefix}${key}` } });
    }
    return found;
  }

  /**
   * The value of the highest layer that has any of these dotted keys (within a layer, the earlier key wins), with
   * the index of the key found: how a setting and its older spellings are ordered by layer.
   */
  firstOf(keys: readonly string[]): { readonly index: number; readonly found: Requested<unknown> } | undefined {
    for (const layer of this.layers) {
      for (const [index, key] of keys.entries()) {
        const value = valueAt(layer.table, key);
        if (value !== undefined)
          return {
            index,
            found: { value, origin: { layer: layer.layer, source: layer.source, key: `${layer.keyPrefix}${key}` } },
          };
      }
    }
    return undefined;
  }

  /** The source of the highest layer that has a value at this dotted key (`mcp_servers.docs.command`). */
  sourceOf(key: string): string | undefined {
    return this.layers.find((layer) => valueAt(layer.table, key) !== undefined)?.source;
  }

  #lookup(key: string): Requested<unknown> | undefined {
    for (const layer of this.layers) {
      const value = valueAt(layer.table, key);
      if (value !== undefined)
        return { value, origin: { layer: layer.layer, source: layer.source, key: `${layer.keyPrefix}${key}` } };
    }
    return undefined;
  }
}

/** `lower` with `higher` merged in key by key; tables merge recursively, anything else from `higher` wins. */
function deepMerge(lower: Table, higher: Table): Table {
  const out: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, lower);
  for (const [key, value] of Object.entries(higher)) {
    const below = Object.hasOwn(lower, key) ? lower[key] : undefined;
    out[key] = isTable(value) && isTable(below) ? deepMerge(below, value) : value;
  }
  return out;
}

/** What a host says about the user's configuration. */
export interface UserConfigOptions {
  /** The config.toml path (a missing file is an empty configuration), its text with a name, or its parsed table with a name. */
  readonly file?:
    string | { readonly text: string; readonly name: string } | { readonly table: Table; readonly name: string };
  /** When true, a config.toml path that does not exist is an error (the user named it), not an empty configuration. */
  readonly fileRequired?: boolean;
  /** The active profile (`[profiles.<name>]`); a `profile` key in the file or in `-c` is refused, as in Codex 0.171. */
  readonly profile?: string;
  /** `-c key=value` overrides, applied in order (the last one wins). */
  readonly overrides?: readonly string[];
  /** Legacy managed config tables (MDM, then managed_config.toml), highest first: above every root key, below the profile. */
  readonly managedConfigs?: readonly { readonly table: Table; readonly source: string }[];
  /** Tables a host reads beside the file (a `hooks.json`), highest first, applied just below the file. */
  readonly besideFile?: readonly { readonly table: Table; readonly source: string }[];
  /** How a config.toml path is read (default: the disk). */
  readonly read?: FileReader;
}

/** Sets a dotted path in a null-prototype tree, so a key such as `__proto__` is an ordinary key, not Object.prototype. */
function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    node = isTable(next) ? next : (node[part] = Object.create(null) as Record<string, unknown>);
  }
  node[path[path.length - 1]!] = value;
}

/** Parses `key=value` the way Codex does: the value as TOML, else as a plain string. */
export function parseOverride(override: string): { key: string; value: unknown } | undefined {
  const eq = override.indexOf('=');
  if (eq <= 0) return undefined;
  const key = override.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(key)) return undefined;
  const raw = override.slice(eq + 1).trim();
  try {
    return { key, value: (parse(`value = ${raw}`) as Table).value };
  } catch {
    return { key, value: raw };
  }
}

/** Reads the config file named by the options: a path (missing is empty unless required), text or a table with a name. */
function readConfigFile(options: UserConfigOptions): { name: string; table: Table } {
  const file = options.file;
  if (file === undefined) return { name: '<none>', table: {} };
  if (typeof file !== 'string' && 'table' in file) return { name: file.name, table: file.table };
  const name = typeof file === 'string' ? file : file.name;
  const read =
    typeof file === 'string'
      ? readTomlFile(file, options.fileRequired ? 'error' : 'absent', file, options.read)
      : parseTomlText(file.text, name);
  if (read && !read.ok) throwIfErrors([read.diagnostic]);
  return { name, table: read?.ok ? read.table : {} };
}

/** Builds the user's configuration from a file, a profile and overrides; bad input throws an InputError. */
export function loadUserConfig(options: UserConfigOptions): UserConfig {
  const { name, table } = readConfigFile(options);
  const fileProblems = new DiagnosticBag(name);
  const overrideProblems = new DiagnosticBag('-c');

  const layers: ConfigLayer[] = [];
  const overrides = Object.create(null) as Record<string, unknown>;
  for (const text of options.overrides ?? []) {
    const parsed = parseOverride(text);
    if (parsed) setPath(overrides, parsed.key.split('.'), parsed.value);
    else
      overrideProblems.report({
        severity: 'error',
        kind: 'invalid-value',
        key: text,
        message: 'an override must look like key=value',
        suggestion: 'write -c approval_policy="on-request"',
      });
  }
  // Codex 0.171 refuses the legacy `profile = "NAME"` selection, in the file and as `-c profile=NAME`: a profile is
  // chosen by the host (`--profile NAME`). `-c profiles.NAME.KEY=...` still adds to the chosen profile, whose values
  // beat root keys, `-c` ones included.
  const { profile: overrideProfile, profiles: overrideProfiles, ...rootOverrides } = overrides;
  for (const [where, value] of [
    ['-c', overrideProfile],
    [name, table.profile],
  ] as const) {
    if (value === undefined) continue;
    const bag = where === '-c' ? overrideProblems : fileProblems;
    if (typeof value !== 'string') {
      bag.report({
        severity: 'error',
        kind: 'invalid-type',
        key: 'profile',
        message: `invalid type: expected a profile name (a string), found ${typeName(value)}`,
        suggestion: 'remove profile and select the profile with --profile NAME',
      });
    } else {
      bag.report({
        severity: 'error',
        kind: 'invalid-value',
        key: 'profile',
        message: `legacy \`profile = ${JSON.stringify(value)}\` config is no longer supported, as in Codex 0.171`,
        suggestion: `remove ${where === '-c' ? '-c profile=...' : 'profile from the file'} and select the profile with --profile ${value}`,
      });
    }
  }
  const profileName = options.profile;
  if (profileName !== undefined) {
    const key = `profiles.${profileName}`;
    const profiles = isTable(table.profiles) ? table.profiles : {};
    const fromOverrides =
      isTable(overrideProfiles) && Object.hasOwn(overrideProfiles, profileName)
        ? overrideProfiles[profileName]
        : undefined;
    const profile = Object.hasOwn(profiles, profileName) ? profiles[profileName] : undefined;
    if (isTable(fromOverrides))
      layers.push({ layer: 'override', source: '-c', keyPrefix: `${key}.`, table: fromOverrides });
    if (isTable(profile)) {
      layers.push({ layer: 'profile', source: name, keyPrefix: `${key}.`, table: profile });
    } else if (profile !== undefined) {
      fileProblems.report({
        severity: 'error',
        kind: 'invalid-type',
        key,
        message: `invalid type: expected a table, found ${typeName(profile)}`,
        suggestion: `write the profile as a [${key}] table`,
      });
    } else if (!isTable(fromOverrides)) {
      const names = Object.keys(profiles);
      fileProblems.report({
        severity: 'error',
        kind: 'missing-key',
        key,
        message: `profile "${profileName}" is not defined`,
        suggestion: names.length ? suggestion(profileName, names) : `add a [${key}] table`,
      });
    }
  }
  // The legacy managed configs are the highest config layers, but a profile's value still beats their root keys,
  // as every root key (Codex merges the layers, then reads the profile before the root).
  for (const { source, table: managed } of options.managedConfigs ?? [])
    layers.push({ layer: 'managed-config', source, keyPrefix: '', table: managed });
  if (Object.keys(rootOverrides).length > 0)
    layers.push({ layer: 'override', source: '-c', keyPrefix: '', table: rootOverrides });
  layers.push({ layer: 'config', source: name, keyPrefix: '', table });
  for (const beside of options.besideFile ?? [])
    layers.push({ layer: 'config', source: beside.source, keyPrefix: '', table: beside.table });
  throwIfErrors([...overrideProblems.items, ...fileProblems.items]);
  return new UserConfig(layers);
}
