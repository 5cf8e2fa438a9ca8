import type { NetworkTable } from './requirement.js';
import { keysWith } from './rules.js';
import type { NetworkSettings } from './settings.js';

/** Where an effective entry comes from: the requirements, the user's configuration, a user `.rules` file, or the denylist-only relaxation. */
export type EntryOrigin = 'managed' | 'user' | 'rules' | 'danger_full_access_denylist_only';

export interface PolicyEntry {
  readonly pattern: string;
  readonly from: EntryOrigin;
}

export interface SocketEntry {
  readonly path: string;
  readonly from: 'managed' | 'user';
}

/** The runtime network policy for one sandbox mode: what the proxy enforces. */
export interface EffectiveNetworkPolicy {
  readonly sandboxMode: string;
  /** Whether a proxy enforces this policy at all (`network.enabled`); when false the sandbox alone decides. */
  readonly enabled: boolean;
  /** Allow entries, sorted by pattern; never one the deny list names. */
  readonly allow: readonly PolicyEntry[];
  /** Deny entries, sorted by pattern; they win over every allow entry. */
  readonly deny: readonly PolicyEntry[];
  /** Managed review entries: a host they match that would be allowed is asked about instead. */
  readonly review: readonly PolicyEntry[];
  /** What a host outside the allowlist gets: an approval prompt in restricted modes, else a hard deny. */
  readonly onMiss: 'ask' | 'deny';
  readonly managedAllowedDomainsOnly: boolean;
  /** Whether `danger_full_access_denylist_only` is in effect (only under danger-full-access). */
  readonly denylistOnly: boolean;
  readonly allowLocalBinding: boolean;
  readonly allowUpstreamProxy: boolean;
  readonly allowAllUnixSockets: boolean;
  readonly allowedUnixSockets: readonly SocketEntry[];
  readonly deniedUnixSockets: readonly SocketEntry[];
  /** One line per list on how it was chosen, for `explain`. */
  readonly rules: { readonly allow: string; readonly deny: string; readonly onMiss: string; readonly sockets: string };
}

export interface PolicyInputs {
  /** The combined `[experimental_network]` requirement (empty when none). */
  readonly requirement: NetworkTable;
  /** The user's effective network settings (pins applied, entries requirements ignore already dropped). */
  readonly settings: Partial<NetworkSettings>;
  /** The effective sandbox mode; unknown means Codex's default, read-only. */
  readonly sandboxMode?: string | undefined;
  /** Hosts the user's `.rules` files allow and deny (`network_rule`); they overlay the user's own entries. */
  readonly ruleDomains?: RuleDomains | undefined;
}

/** The domain lists compiled from `network_rule` calls: exact hosts, no wildcards. */
export interface RuleDomains {
  readonly allowed: readonly string[];
  readonly denied: readonly string[];
}

/** Sandbox modes in which Codex pins the allowlist to the managed entries and asks about nothing. */
export const FULL_ACCESS_MODES: readonly string[] = ['danger-full-access', 'external-sandbox'];

function entries(managed: readonly string[], user: readonly PolicyEntry[]): PolicyEntry[] {
  const seen = new Set(managed);
  const out: PolicyEntry[] = managed.map((pattern) => ({ pattern, from: 'managed' }));
  for (const entry of user) {
    if (seen.has(entry.pattern)) continue;
    out.push(entry);
    seen.add(entry.pattern);
  }
  return out.sort((a, b) => (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0));
}

/**
 * The user's allow and deny entries with the `.rules` hosts laid over them as Codex does: each rule host replaces an
 * entry for the same host in either list (allow hosts first, then deny hosts, so a host in both ends up denied).
 */
function userEntries(domains: Readonly<Record<string, string>> | undefined, rules: RuleDomains | undefined) {
  const map = new Map<string, PolicyEntry & { readonly decision: string }>();
  for (const [pattern, decision] of Object.entries(domains ?? {}))
    map.set(pattern, { pattern, from: 'user', decision });
  for (const [hosts, decision] of [
    [rules?.allowed, 'allow'],
    [rules?.denied, 'deny'],
  ] as const) {
    for (const host of hosts ?? []) {
      map.delete(host);
      map.set(host, { pattern: host, from: 'rules', decision });
    }
  }
  const of = (decision: string) =>
    [...map.values()].filter((e) => e.decision === decision).map(({ pattern, from }) => ({ pattern, from }));
  return { userAllow: of('allow'), userDeny: of('deny') };
}

/**
 * The effective policy (codex-requirements.md 4.10, seeds 000/003). Restricted modes: managed entries as a baseline
 * plus the user's additions, misses asked about. Danger-full-access and external-sandbox: the allowlist is pinned
 * to the managed allow entries when there are any (else the user's), misses denied. `managed_allowed_domains_only`:
 * managed allow entries only, in every mode, misses denied. `danger_full_access_denylist_only` under
 * danger-full-access: allowlist `*`, local binding, all sockets and the upstream proxy allowed. Deny entries of
 * every source always apply and always win (Codex pins the full-access denylist to the managed entries; keeping the
 * user's own denies too means adding a deny entry anywhere never allows a host that was denied).
 */
export function effectivePolicy({
  requirement: r,
  settings,
  sandboxMode,
  ruleDomains,
}: PolicyInputs): EffectiveNetworkPolicy {
  const mode = sandboxMode ?? 'read-only';
  const fullAccess = FULL_ACCESS_MODES.includes(mode);
  const managedOnly = r.managed_allowed_domains_only === true;
  const denylistOnly = r.danger_full_access_denylist_only === true && mode === 'danger-full-access';
  const [managedAllow, managedDeny] = [keysWith(r.domains, 'allow'), keysWith(r.domains, 'deny')];
  const { userAllow, userDeny } = userEntries(settings['network.domains'], ruleDomains);

  const deny = entries(managedDeny, userDeny);
  const denied = new Set(deny.map((e) => e.pattern));
  let allow: PolicyEntry[];
  let allowRule: string;
  if (managedOnly) {
    allow = entries(managedAllow, []);
    allowRule = 'managed_allowed_domains_only: the managed allow entries only, user additions ignored';
  } else if (denylistOnly) {
    allow = [{ pattern: '*', from: 'danger_full_access_denylist_only' }];
    allowRule = 'danger_full_access_denylist_only under danger-full-access: every host not denied';
  } else if (fullAccess) {
    const pinned = managedAllow.length > 0 || r.empty_allowlist === true;
    allow = pinned ? entries(managedAllow, []) : entries([], userAllow);
    allowRule = pinned
      ? `${mode}: pinned to the managed allow entries`
      : `${mode}: no managed allowlist, the user's entries`;
  } else {
    allow = entries(managedAllow, userAllow);
    allowRule = `${mode}: managed allow entries plus user additions`;
  }
  allow = allow.filter((e) => !denied.has(e.pattern));

  const managedSockets = r.unix_sockets;
  const userSockets = settings['network.unix_sockets'];
  const socketDeny = new Set([...keysWith(managedSockets, 'deny'), ...keysWith(userSockets, 'deny')]);
  const socketAllow = managedSockets !== undefined ? keysWith(managedSockets, 'allow') : keysWith(userSockets, 'allow');
  const flag = (
    key: 'network.allow_local_binding' | 'network.allow_upstream_proxy' | 'network.dangerously_allow_all_unix_sockets',
  ) => denylistOnly || settings[key] === true;

  return {
    sandboxMode: mode,
    enabled: settings['network.enabled'] === true,
    allow,
    deny,
    review: (r.review_domains ?? []).map((pattern) => ({ pattern, from: 'managed' })),
    onMiss: managedOnly || fullAccess ? 'deny' : 'ask',
    managedAllowedDomainsOnly: managedOnly,
    denylistOnly,
    allowLocalBinding: flag('network.allow_local_binding'),
    allowUpstreamProxy: flag('network.allow_upstream_proxy'),
    allowAllUnixSockets: flag('network.dangerously_allow_all_unix_sockets'),
    allowedUnixSockets: socketAllow
      .filter((path) => !socketDeny.has(path))
      .map((path) => ({ path, from: managedSockets !== undefined ? 'managed' : 'user' })),
    deniedUnixSockets: [...socketDeny]
      .sort()
      .map((path) => ({ path, from: keysWith(managedSockets, 'deny').includes(path) ? 'managed' : 'user' })),
    rules: {
      allow: allowRule,
      deny: "managed deny entries plus the user's; deny always wins",
      onMiss: managedOnly
        ? 'managed_allowed_domains_only: misses are denied without asking'
        : fullAccess
          ? `${mode}: no approval for allowlist misses`
          : `${mode}: allowlist misses ask for approval`,
      sockets:
        managedSockets !== undefined
          ? "the managed unix_sockets map replaces the user's"
          : "the user's unix_sockets map",
    },
  };
}
