import { ProviderSetupError, type Policy, type Resolved } from '@ratchet/core';
import { SANDBOX_MODE } from '@ratchet/plugin-sandbox/keys';
import { isLocalHost, normalizeHost, type NormalizedHost } from './host.js';
import { parsePattern, patternMatches } from './patterns.js';
import {
  effectivePolicy,
  type EffectiveNetworkPolicy,
  type PolicyEntry,
  type RuleDomains,
  type SocketEntry,
} from './policy.js';
import { NETWORK_PROVIDER } from './keys.js';
import { normalizeSocketPath } from './rules.js';
import { networkSettingSpecs, type NetworkSettings } from './settings.js';

export type NetworkDecision = 'allow' | 'ask' | 'deny';

/** Why a host got its decision. */
export type HostReason =
  'allowlisted' | 'denylisted' | 'local' | 'local-resolved' | 'not-allowlisted' | 'review' | 'invalid';

/** The answer to "may this host be reached?", with the entry that decided (if one did). */
export interface HostVerdict {
  readonly decision: NetworkDecision;
  readonly reason: HostReason;
  /** The host as normalized (`example.com`, `127.0.0.1`, `::1`); the input as given when invalid. */
  readonly host: string;
  readonly port?: number;
  readonly entry?: PolicyEntry & { readonly list: 'allow' | 'deny' | 'review' };
  readonly message: string;
}

/** A host to check: a host name or IP literal, optionally with `:port` (or `[v6]:port`). URLs and userinfo are refused. */
export interface HostQuery {
  readonly host: string;
  readonly port?: number;
  /** Addresses a host name resolved to, if the caller resolved it (a local one blocks the name even if allowlisted). */
  readonly resolvedAddresses?: readonly string[];
}

export interface SocketVerdict {
  readonly decision: 'allow' | 'deny';
  readonly reason: 'allowlisted' | 'all-allowed' | 'denylisted' | 'not-allowlisted' | 'relative-path';
  readonly path: string;
  readonly entry?: SocketEntry;
  readonly message: string;
}

const RANK: Readonly<Record<NetworkDecision, number>> = { allow: 0, ask: 1, deny: 2 };
/** Strictness of a decision: allow < ask < deny. */
export const decisionRank = (d: NetworkDecision) => RANK[d];

function firstMatch(list: readonly PolicyEntry[], host: NormalizedHost): PolicyEntry | undefined {
  return list.find((e) => {
    const p = parsePattern(e.pattern);
    return p.ok && patternMatches(p.pattern, host);
  });
}

/** Whether the allowlist names this exact host (a wildcard does not count), which lets a local literal through. */
const explicitlyAllowed = (policy: EffectiveNetworkPolicy, host: NormalizedHost) =>
  policy.allow.find((e) => e.pattern === host.host);

/**
 * Decides a host as the Codex network proxy does (network-domains.md): a deny entry wins outright; then local and
 * private destinations are blocked unless `allow_local_binding` or an exact allow entry for that literal (a name
 * that resolved to a local address stays blocked); then an allow entry allows (a review entry turns that into a prompt);
 * a miss asks or is denied per mode.
 */
export function decideHost(policy: EffectiveNetworkPolicy, query: string | HostQuery): HostVerdict {
  const verdict = decideListed(policy, query);
  if (verdict.decision !== 'allow') return verdict;
  // review_domains only ever turn an allow into a prompt: a host that would be denied or asked about stays so.
  const parsed = normalizeHost(verdict.host);
  const review = parsed.ok ? firstMatch(policy.review, parsed.value) : undefined;
  if (!review) return verdict;
  return {
    ...verdict,
    decision: 'ask',
    reason: 'review',
    entry: { ...review, list: 'review' },
    message: `${verdict.message}, but "${review.pattern}" (${review.from} review_domains) needs review first`,
  };
}

/** The decision from the deny list, local destinations and the allow list alone (before review entries). */
function decideListed(policy: EffectiveNetworkPolicy, query: string | HostQuery): HostVerdict {
  const q = typeof query === 'string' ? { host: query } : query;
  const parsed = normalizeHost(q.host);
  if (!parsed.ok)
    return { decision: 'deny', reason: 'invalid', host: q.host, message: `not a host name: ${parsed.reason}` };
  const host = parsed.value;
  const port = q.port ?? host.port;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    return { decision: 'deny', reason: 'invalid', host: host.host, message: `port ${port} is not in 1-65535` };
  }
  const base = { host: host.host, ...(port !== undefined && { port }) };
  const denied = firstMatch(policy.deny, host);
  if (denied)
    return {
      ...base,
      decision: 'deny',
      reason: 'denylisted',
      entry: { ...denied, list: 'deny' },
      message: `denied by "${denied.pattern}" (${denied.from})`,
    };
  if (!policy.allowLocalBinding && isLocalHost(host)) {
    const exact = explicitlyAllowed(policy, host);
    if (!exact) {
      return {
        ...base,
        decision: 'deny',
        reason: 'local',
        message: `${host.host} is a local or private destination and allow_local_binding is false; only an exact allow entry for it lets it through`,
      };
    }
    return {
      ...base,
      decision: 'allow',
      reason: 'allowlisted',
      entry: { ...exact, list: 'allow' },
      message: `the local destination is allowlisted exactly by "${exact.pattern}" (${exact.from})`,
    };
  }
  if (!policy.allowLocalBinding && host.kind === 'domain') {
    // Best effort against DNS tricks: a name resolving to a local address stays blocked even when allowlisted.
    const local = (q.resolvedAddresses ?? []).find((a) => {
      const r = normalizeHost(a);
      return !r.ok || (r.value.kind !== 'domain' && isLocalHost(r.value));
    });
    if (local !== undefined) {
      return {
        ...base,
        decision: 'deny',
        reason: 'local-resolved',
        message: `${host.host} resolves to the local or private address ${local}; allowlisting the name does not allow that`,
      };
    }
  }
  const allowed = firstMatch(policy.allow, host);
  if (allowed)
    return {
      ...base,
      decision: 'allow',
      reason: 'allowlisted',
      entry: { ...allowed, list: 'allow' },
      message: `allowed by "${allowed.pattern}" (${allowed.from})`,
    };
  const why = policy.allow.length === 0 ? 'the allowlist is empty' : 'no allow entry matches';
  return { ...base, decision: policy.onMiss, reason: 'not-allowlisted', message: `${why}: ${policy.rules.onMiss}` };
}

/** Decides an absolute unix socket path: relative paths never; a deny entry always wins; else allow-all or an exact allow entry. */
export function decideUnixSocket(policy: EffectiveNetworkPolicy, path: string): SocketVerdict {
  const normalized = normalizeSocketPath(path);
  if (normalized === undefined)
    return { decision: 'deny', reason: 'relative-path', path, message: 'unix socket paths must be absolute' };
  const denied = policy.deniedUnixSockets.find((e) => e.path === normalized);
  if (denied)
    return {
      decision: 'deny',
      reason: 'denylisted',
      path: normalized,
      entry: denied,
      message: `denied by "${denied.path}" (${denied.from})`,
    };
  const allowed = policy.allowedUnixSockets.find((e) => e.path === normalized);
  if (allowed)
    return {
      decision: 'allow',
      reason: 'allowlisted',
      path: normalized,
      entry: allowed,
      message: `allowed by "${allowed.path}" (${allowed.from})`,
    };
  if (policy.allowAllUnixSockets)
    return {
      decision: 'allow',
      reason: 'all-allowed',
      path: normalized,
      message: 'every absolute socket path is allowed (dangerously_allow_all_unix_sockets)',
    };
  return {
    decision: 'deny',
    reason: 'not-allowlisted',
    path: normalized,
    message: 'no unix_sockets entry allows this path',
  };
}

export interface NetworkGate {
  /** The effective policy the gate answers with. */
  readonly policy: EffectiveNetworkPolicy;
  host(query: string | HostQuery): HostVerdict;
  unixSocket(path: string): SocketVerdict;
}

/**
 * The runtime network questions, answered under a loaded policy and a resolved configuration (its sandbox mode
 * included), plus the hosts the user's `.rules` files allow or deny, which count as the user's own entries.
 */
export function networkGate(
  policy: Policy,
  resolved: Resolved,
  options: { readonly ruleDomains?: RuleDomains } = {},
): NetworkGate {
  if (!policy.provider(NETWORK_PROVIDER))
    throw new ProviderSetupError('networkGate needs the network provider to be loaded');
  const requirement = policy.requirementOf(NETWORK_PROVIDER);
  // This provider's own settings, as it resolved them.
  const settings = Object.fromEntries(
    Object.keys(networkSettingSpecs).map((key) => [key, resolved.entries.get(key)?.value]),
  ) as Partial<NetworkSettings>;
  const effective = effectivePolicy({
    requirement: requirement.value.experimental_network ?? {},
    settings,
    sandboxMode: resolved.value(SANDBOX_MODE),
    ruleDomains: options.ruleDomains,
  });
  return {
    policy: effective,
    host: (query) => decideHost(effective, query),
    unixSocket: (path) => decideUnixSocket(effective, path),
  };
}
