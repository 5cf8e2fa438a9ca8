import { expectEntries, expectTable, type Reporter } from '@ratchet/core';
import {
  describeIdentity,
  describeTransport,
  matches,
  parseIdentity,
  printIdentity,
  type Identity,
  type Transport,
} from './identity.js';

/** Allowlisted servers by name; a server must match every identity listed for its name (several only after tightening). */
export type Allowlist = Readonly<Record<string, readonly Identity[]>>;

/** What requirements say about MCP servers: the top-level allowlist and one allowlist per plugin. */
export interface McpRequirement {
  readonly mcp_servers?: Allowlist;
  readonly plugins?: Readonly<Record<string, Allowlist>>;
}

/** A server a host is about to start: its name, the plugin that brings it (if any) and its transport. */
export interface ServerRef {
  readonly name: string;
  readonly plugin?: string;
  readonly transport: Transport;
}

/** Whether a server may run, and if not, why (naming the requirement and its source). */
export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** Parses `[mcp_servers.<name>.identity]` entries (a legacy `description` is ignored, with a warning). */
export function parseAllowlist(raw: unknown, key: string, report: Reporter): Allowlist | undefined {
  return expectEntries(raw, key, report, (entry, at, name): readonly Identity[] | undefined => {
    const server = expectTable(entry, at, report);
    if (server && server.identity === undefined) {
      report({
        severity: 'error',
        kind: 'missing-key',
        key: `${at}.identity`,
        message: `allowlisted MCP server "${name}" has no identity`,
        suggestion: `add [${at}.identity] with command = "..." or url = "..."`,
      });
    }
    for (const extra of Object.keys(server ?? {})) {
      // Codex 0.171 ignores a legacy `description`, saying so among its unrecognized settings.
      if (extra === 'description')
        report({
          severity: 'warning',
          kind: 'not-enforced',
          key: `${at}.description`,
          message: '`description` is ignored',
          suggestion: 'remove it',
        });
      else if (extra !== 'identity')
        report({
          severity: 'warning',
          kind: 'unknown-key',
          key: `${at}.${extra}`,
          message: `unknown key "${extra}" is ignored`,
          suggestion: 'an allowlist entry has only identity',
        });
    }
    const identity =
      server?.identity === undefined ? undefined : parseIdentity(server.identity, `${at}.identity`, name, report);
    return identity && [identity];
  });
}

/** Parses `[plugins."<plugin>".mcp_servers]` tables. */
export function parsePlugins(raw: unknown, report: Reporter): Record<string, Allowlist> | undefined {
  return expectEntries(raw, 'plugins', report, (entry, at) => {
    const body = expectTable(entry, at, report);
    return body && parseAllowlist(body.mcp_servers ?? {}, `${at}.mcp_servers`, report);
  });
}

/** Both allowlists at once: only names both list, each with the identities of both. */
export function intersect(a: Allowlist, b: Allowlist): Allowlist {
  return Object.fromEntries(
    Object.keys(a)
      .filter((n) => Object.hasOwn(b, n))
      .map((n) => [n, [...a[n]!, ...b[n]!]]),
  );
}

/** The verdict of one allowlist on one server; `where` names the requirement and its source for the reason. */
function judge(allowlist: Allowlist, server: ServerRef, where: string): Verdict {
  const identities = Object.hasOwn(allowlist, server.name) ? allowlist[server.name]! : undefined;
  if (!identities) return { allowed: false, reason: `"${server.name}" is not in ${where}` };
  const miss = identities.find((identity) => !matches(identity, server.transport));
  if (!miss) return { allowed: true };
  return {
    allowed: false,
    reason: `${where} allows "${server.name}" only as ${describeIdentity(miss)}, not ${describeTransport(server.transport)}`,
  };
}

/**
 * Codex's rules: no allowlist, every server runs; with one, a server runs only if its name is listed and its
 * transport matches. A plugin's servers answer to `[plugins]` when it is set, and an empty top-level
 * allowlist stops them in every case; a non-empty one does not restrict them.
 */
export function verdict(
  requirement: McpRequirement,
  server: ServerRef,
  sources: { mcp_servers: string; plugins: string },
): Verdict {
  const { mcp_servers: top, plugins } = requirement;
  if (server.plugin !== undefined) {
    // As Codex: an empty top-level allowlist disables plugin servers whether or not [plugins] lists them.
    if (top && Object.keys(top).length === 0)
      return {
        allowed: false,
        reason: `the empty [mcp_servers] allowlist set by ${sources.mcp_servers} disables every server`,
      };
    if (plugins) {
      const allowlist = Object.hasOwn(plugins, server.plugin) ? plugins[server.plugin] : undefined;
      if (!allowlist)
        return {
          allowed: false,
          reason: `plugin "${server.plugin}" is not in the [plugins] allowlist set by ${sources.plugins}`,
        };
      return judge(
        allowlist,
        server,
        `the [plugins."${server.plugin}".mcp_servers] allowlist set by ${sources.plugins}`,
      );
    }
    return { allowed: true };
  }
  if (!top) return { allowed: true };
  return judge(top, server, `the [mcp_servers] allowlist set by ${sources.mcp_servers}`);
}

/** Back to TOML; a name with several identities (after tightening) prints its first one only. */
export function printAllowlist(allowlist: Allowlist): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(allowlist).map(([name, ids]) => [name, { identity: printIdentity(ids[0]!) }]),
  );
}
