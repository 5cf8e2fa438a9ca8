/** `network_rule(host, protocol, decision, justification?)` (Codex rule.rs): validation, and the domain lists the rules compile to. */
import type { Decision, RuleOrigin } from '../rules/model.js';

export type NetworkProtocol = 'http' | 'https' | 'socks5_tcp' | 'socks5_udp';

/** One `network_rule` call: a normalized host, its protocol, and a decision (`deny` is read as `forbidden`). */
export interface NetworkRule {
  readonly host: string;
  readonly protocol: NetworkProtocol;
  readonly decision: Decision;
  readonly justification?: string;
  readonly origin: RuleOrigin;
}

/** Hosts the rules allow and deny, as Codex compiles them: in file order, a later rule for a host replaces an earlier one; `prompt` rules add nothing. */
export function compiledNetworkDomains(rules: readonly NetworkRule[]): {
  readonly allowed: string[];
  readonly denied: string[];
} {
  let allowed: string[] = [];
  let denied: string[] = [];
  for (const rule of rules) {
    if (rule.decision === 'prompt') continue;
    allowed = allowed.filter((host) => host !== rule.host);
    denied = denied.filter((host) => host !== rule.host);
    (rule.decision === 'allow' ? allowed : denied).push(rule.host);
  }
  return { allowed, denied };
}

const PROTOCOLS: Readonly<Record<string, NetworkProtocol>> = {
  http: 'http',
  https: 'https',
  https_connect: 'https',
  'http-connect': 'https',
  socks5_tcp: 'socks5_tcp',
  socks5_udp: 'socks5_udp',
};

/** The protocol a spelling stands for, or the `invalid rule: ...` reason. */
export function parseNetworkProtocol(raw: string): NetworkProtocol | { readonly error: string } {
  return (
    PROTOCOLS[raw] ?? {
      error: `invalid rule: network_rule protocol must be one of http, https, socks5_tcp, socks5_udp (got ${raw})`,
    }
  );
}

const digitsOnly = (s: string): boolean => s.length > 0 && /^[0-9]+$/.test(s);

/**
 * The host lowercased, with a `:port` and trailing dots removed, or the `invalid rule: ...` reason:
 * empty, a scheme or path, a malformed `[v6]` literal, a wildcard or whitespace is rejected.
 */
export function normalizeNetworkHost(raw: string): string | { readonly error: string } {
  const fail = (reason: string) => ({ error: `invalid rule: network_rule ${reason}` });
  let host = raw.trim();
  if (host === '') return fail('host cannot be empty');
  if (host.includes('://') || /[/?#]/.test(host)) {
    return fail('host must be a hostname or IP literal (without scheme or path)');
  }
  if (host.startsWith('[')) {
    const close = host.indexOf(']');
    if (close < 0) return fail('host has an invalid bracketed IPv6 literal');
    const rest = host.slice(close + 1);
    if (rest !== '' && !(rest.startsWith(':') && digitsOnly(rest.slice(1)))) {
      return fail(`host contains an unsupported suffix: ${raw}`);
    }
    host = host.slice(1, close);
  } else if (host.split(':').length === 2) {
    const colon = host.lastIndexOf(':');
    const candidate = host.slice(0, colon);
    if (candidate !== '' && digitsOnly(host.slice(colon + 1))) host = candidate;
  }
  const normalized = host
    .replace(/\.+$/, '')
    .trim()
    .replace(/[A-Z]/g, (c) => c.toLowerCase());
  if (normalized === '') return fail('host cannot be empty');
  if (normalized.includes('*')) return fail('host must be a specific host; wildcards are not allowed');
  if (/\s/.test(normalized)) return fail('host cannot contain whitespace');
  return normalized;
}
