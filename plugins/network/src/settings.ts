import { expectBoolean, expectTable, isTable, type LegacyKey, type Reporter, type SettingSpec } from '@ratchet/core';
import { normalizePattern } from './patterns.js';
import type { PinName } from './requirement.js';
import {
  mapOf,
  normalizeSocketPath,
  parseDomainMap,
  parseSocketMap,
  type DomainDecision,
  type DomainMap,
  type SocketDecision,
  type SocketMap,
} from './rules.js';

/** The network part of one `[permissions.<profile>]` table in config.toml (canonical maps only). */
export interface UserNetworkTable {
  readonly enabled?: boolean;
  readonly allow_upstream_proxy?: boolean;
  readonly dangerously_allow_all_unix_sockets?: boolean;
  readonly allow_local_binding?: boolean;
  readonly domains?: DomainMap;
  readonly unix_sockets?: SocketMap;
}

/** `[permissions.<profile>.network]` tables by profile name. */
export type PermissionNetworks = Readonly<Record<string, UserNetworkTable>>;

/**
 * The user's network settings. `network.*` are read from config.toml's `[network]` table; the permission profile
 * named by `default_permissions` (`network.permission_profile`) overrides them key by key with its
 * `[permissions.<profile>.network]` table (`network.permission_profiles`, folded away by `normalize`).
 */
export interface NetworkSettings {
  readonly 'network.enabled': boolean;
  readonly 'network.allow_upstream_proxy': boolean;
  readonly 'network.dangerously_allow_all_unix_sockets': boolean;
  readonly 'network.allow_local_binding': boolean;
  readonly 'network.domains': DomainMap | undefined;
  readonly 'network.unix_sockets': SocketMap | undefined;
  readonly 'network.permission_profile': string | undefined;
  readonly 'network.permission_profiles': PermissionNetworks | undefined;
}

export type FlagSetting = `network.${PinName}`;
export const FLAG_SETTINGS: readonly (readonly [FlagSetting, PinName])[] = [
  ['network.enabled', 'enabled'],
  ['network.allow_upstream_proxy', 'allow_upstream_proxy'],
  ['network.dangerously_allow_all_unix_sockets', 'dangerously_allow_all_unix_sockets'],
  ['network.allow_local_binding', 'allow_local_binding'],
];

const FLAG_DOCS: Readonly<Record<PinName, string>> = {
  enabled: 'Whether the network proxy enforces the domain policy.',
  allow_upstream_proxy: 'Whether the proxy may use HTTP(S)_PROXY / ALL_PROXY upstream.',
  dangerously_allow_all_unix_sockets: 'Whether any absolute unix socket path may be used (relative paths never).',
  allow_local_binding: 'Whether loopback and private destinations may be reached without allowlisting their literal.',
};

const LEGACY: readonly (readonly [string, string])[] = [
  ['allowed_domains', 'domains] "<pattern>" = "allow"'],
  ['denied_domains', 'domains] "<pattern>" = "deny"'],
  ['allow_unix_sockets', 'unix_sockets] "/path" = "allow"'],
];

function rejectLegacy(key: string, table: string, replacement: string, report: Reporter): void {
  report({
    severity: 'error',
    kind: 'invalid-value',
    key,
    message: `\`${key}\` is a legacy list and is not accepted in config.toml: only the canonical maps are`,
    suggestion: `write [${table}.${replacement}`,
  });
}

/** Parses one `[permissions.<profile>.network]` table; legacy lists are errors naming their replacement. */
export function parseUserNetworkTable(raw: unknown, key: string, report: Reporter): UserNetworkTable | undefined {
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  const out: { -readonly [K in keyof UserNetworkTable]: UserNetworkTable[K] } = {};
  for (const [, flag] of FLAG_SETTINGS)
    if (table[flag] !== undefined) out[flag] = expectBoolean(table[flag], `${key}.${flag}`, report);
  if (table.domains !== undefined) out.domains = parseDomainMap(table.domains, `${key}.domains`, report);
  if (table.unix_sockets !== undefined)
    out.unix_sockets = parseSocketMap(table.unix_sockets, `${key}.unix_sockets`, report);
  for (const [legacy, replacement] of LEGACY)
    if (table[legacy] !== undefined) rejectLegacy(`${key}.${legacy}`, key, replacement, report);
  return out;
}

/** Parses config.toml's `[permissions]`: only each profile's `network` table is read (other keys belong to other providers). */
export function parsePermissionNetworks(raw: unknown, key: string, report: Reporter): PermissionNetworks | undefined {
  if (!isTable(raw)) return undefined;
  const out: [string, UserNetworkTable][] = [];
  for (const [name, profile] of Object.entries(raw)) {
    if (!isTable(profile) || profile.network === undefined) continue;
    const parsed = parseUserNetworkTable(profile.network, `${key}.${name}.network`, report);
    if (parsed) out.push([name, parsed]);
  }
  return out.length > 0 ? mapOf(out) : undefined;
}

/** A domain map with every pattern normalized (an invalid pattern is kept as written); deny wins collisions. */
export function normalizeDomains(map: DomainMap): DomainMap {
  const out = new Map<string, DomainDecision>();
  for (const [pattern, decision] of Object.entries(map)) {
    const key = normalizePattern(pattern) ?? pattern;
    out.set(key, out.get(key) === 'deny' ? 'deny' : decision);
  }
  return mapOf(out);
}

const RANK: Readonly<Record<SocketDecision, number>> = { allow: 0, none: 1, deny: 2 };

/** A socket map with every path normalized; the stricter decision wins collisions. */
export function normalizeSockets(map: SocketMap): SocketMap {
  const out = new Map<string, SocketDecision>();
  for (const [path, decision] of Object.entries(map)) {
    const key = normalizeSocketPath(path) ?? path;
    const seen = out.get(key);
    out.set(key, seen !== undefined && RANK[seen] > RANK[decision] ? seen : decision);
  }
  return mapOf(out);
}

/**
 * Canonical settings: the active permission profile's network table folded over the `[network]` values (its flags
 * replace them, its map entries win per key), `network.permission_profiles` removed, map keys normalized.
 */
export function foldSettings(v: Partial<NetworkSettings>): Partial<NetworkSettings> {
  const { 'network.permission_profiles': profiles, ...rest } = v;
  const out: { -readonly [K in keyof NetworkSettings]?: NetworkSettings[K] } = rest;
  const name = v['network.permission_profile'];
  const table = profiles && name !== undefined && Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (table) {
    for (const [setting, flag] of FLAG_SETTINGS) if (table[flag] !== undefined) out[setting] = table[flag];
    if (table.domains)
      out['network.domains'] = mapOf([
        ...Object.entries(rest['network.domains'] ?? {}),
        ...Object.entries(table.domains),
      ]);
    if (table.unix_sockets)
      out['network.unix_sockets'] = mapOf([
        ...Object.entries(rest['network.unix_sockets'] ?? {}),
        ...Object.entries(table.unix_sockets),
      ]);
  }
  if (out['network.domains']) out['network.domains'] = normalizeDomains(out['network.domains']);
  if (out['network.unix_sockets']) out['network.unix_sockets'] = normalizeSockets(out['network.unix_sockets']);
  return out;
}

const legacy = (name: string, replacement: string): LegacyKey<never> => ({
  configKey: `network.${name}`,
  read: (_raw, key, report) => {
    rejectLegacy(key, 'network', replacement, report);
    return undefined;
  },
  replacement: `write [network.${replacement} instead`,
});

const flagSpec = (flag: PinName): SettingSpec<boolean> => ({
  configKey: `network.${flag}`,
  docs: FLAG_DOCS[flag],
  constrainedBy: ['experimental_network'],
  parse: (raw, key, report) => expectBoolean(raw, key, report),
});

/** The setting specs of the network provider. */
export const networkSettingSpecs: { readonly [K in keyof NetworkSettings]-?: SettingSpec<NetworkSettings[K]> } = {
  'network.enabled': flagSpec('enabled'),
  'network.allow_upstream_proxy': flagSpec('allow_upstream_proxy'),
  'network.dangerously_allow_all_unix_sockets': flagSpec('dangerously_allow_all_unix_sockets'),
  'network.allow_local_binding': flagSpec('allow_local_binding'),
  'network.domains': {
    configKey: 'network.domains',
    docs: 'The user\'s domain rules: "<pattern>" = "allow" | "deny"; added to managed entries in restricted sandbox modes.',
    constrainedBy: ['experimental_network'],
    merge: 'tables',
    parse: parseDomainMap,
    legacyKeys: [legacy('allowed_domains', LEGACY[0]![1]), legacy('denied_domains', LEGACY[1]![1])],
  },
  'network.unix_sockets': {
    configKey: 'network.unix_sockets',
    docs: 'The user\'s unix socket rules: "/abs/path" = "allow" | "none" | "deny"; replaced by a managed socket map.',
    constrainedBy: ['experimental_network'],
    merge: 'tables',
    parse: parseSocketMap,
    legacyKeys: [legacy('allow_unix_sockets', LEGACY[2]![1])],
  },
  'network.permission_profile': {
    configKey: 'default_permissions',
    docs: 'The permission profile whose [permissions.<profile>.network] table overrides [network] (read from default_permissions).',
    constrainedBy: [],
    // default_permissions belongs to the permissions provider, which reports a bad value; here it is only read.
    parse: (raw) => (typeof raw === 'string' ? raw : undefined),
  },
  'network.permission_profiles': {
    configKey: 'permissions',
    docs: 'The network tables of config.toml permission profiles; folded into network.* for the active profile, not shown.',
    constrainedBy: [],
    merge: 'tables',
    parse: parsePermissionNetworks,
  },
};
