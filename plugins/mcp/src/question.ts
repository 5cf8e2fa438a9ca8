import { defineQuestion, expectString, expectStringList, isTable, type Policy, type Table } from '@ratchet/core';
import type { Allowlist } from './allowlist.js';
import { mcpGate, type ServerToStart } from './gate.js';
import type { Identity, ValueMatcher } from './identity.js';
import { MCP_PROVIDER, MCP_SERVERS } from './keys.js';

/** A server by name (judged as the user's configuration has it) or a server to start, given whole. */
type ServerQuery = { readonly configured: string } | ServerToStart;

const isConfigured = (q: ServerQuery): q is { readonly configured: string } => 'configured' in q;

/** A string a matcher accepts, when one can be written down (a regex is not sampled). */
const sample = (m: ValueMatcher): string | undefined => (m.match === 'regex' ? undefined : m.value);

function serverOf(name: string, identity: Identity, plugin?: string): ServerToStart | undefined {
  const at = plugin === undefined ? {} : { plugin };
  if ('url' in identity) {
    const url = sample(identity.url);
    return url === undefined ? undefined : { name, ...at, url };
  }
  const args = identity.args?.map(sample);
  if (args?.some((a) => a === undefined)) return undefined;
  return { name, ...at, command: identity.command, ...(args && { args: args as string[] }) };
}

function* allowlists(policy: Policy): Iterable<[Allowlist, string | undefined]> {
  const value = policy.requirementOf(MCP_PROVIDER).value;
  if (value.mcp_servers) yield [value.mcp_servers, undefined];
  for (const [plugin, list] of Object.entries(value.plugins ?? {})) yield [list, plugin];
}

/** `mcp_server = "docs"` (the configured server) or `mcp_server = { name, command, args }` / `{ name, url }`. */
export const mcpServerQuestion = defineQuestion<ServerQuery>({
  name: 'mcp_server',
  docs: 'may this MCP server start: enabled or disabled, and why',
  order: 'rank',
  fields: ['mcp_servers', 'plugins'],
  parse(raw, _case, report) {
    if (typeof raw === 'string') return { configured: raw };
    if (!isTable(raw)) {
      report({
        severity: 'error',
        kind: 'invalid-type',
        key: 'mcp_server',
        message: 'expected a server name or a table { name, command, args } or { name, url }',
        suggestion: 'write mcp_server = "docs" or mcp_server = { name = "docs", command = "docs-mcp" }',
      });
      return undefined;
    }
    const name = expectString(raw.name, 'mcp_server.name', report);
    const plugin = raw.plugin === undefined ? undefined : expectString(raw.plugin, 'mcp_server.plugin', report);
    const command = raw.command === undefined ? undefined : expectString(raw.command, 'mcp_server.command', report);
    const url = raw.url === undefined ? undefined : expectString(raw.url, 'mcp_server.url', report);
    const args = raw.args === undefined ? undefined : expectStringList(raw.args, 'mcp_server.args', report);
    if (name === undefined) return undefined;
    return {
      name,
      ...(plugin !== undefined && { plugin }),
      ...(command !== undefined && { command }),
      ...(args !== undefined && { args }),
      ...(url !== undefined && { url }),
    };
  },
  format: (q) =>
    isConfigured(q)
      ? `configured server "${q.configured}"`
      : `server "${q.name}"${q.plugin ? ` of plugin "${q.plugin}"` : ''} ${q.url !== undefined ? `url ${q.url}` : `command ${[q.command, ...(q.args ?? [])].join(' ')}`}`,
  toCase: (q): Table => ({ mcp_server: isConfigured(q) ? q.configured : { ...q } }),
  prepare({ policy, resolved }) {
    const gate = mcpGate(policy);
    const servers = resolved.value(MCP_SERVERS) ?? {};
    return (q) => {
      if (isConfigured(q)) {
        const server = servers[q.configured];
        if (!server)
          return { decision: 'absent', rank: 0, matched: [], reason: 'the configuration has no such server' };
        return server.enabled
          ? { decision: 'enabled', rank: 0, matched: [q.configured] }
          : {
              decision: 'disabled',
              rank: 1,
              matched: [],
              reason: server.disabled_reason ?? 'the user disabled it',
            };
      }
      const verdict = gate(q);
      return verdict.allowed
        ? { decision: 'enabled', rank: 0, matched: [q.plugin === undefined ? q.name : `${q.plugin}/${q.name}`] }
        : { decision: 'disabled', rank: 1, matched: [], reason: verdict.reason };
    };
  },
  *probes(policies) {
    const lists = policies.flatMap((p) => [...allowlists(p)]);
    const identities = lists.flatMap(([list]) => Object.values(list).flat());
    for (const [list, plugin] of lists) {
      for (const name of [...Object.keys(list), 'ratchet-probe']) {
        // Every name with every identity either policy lists: a name kept but its identity changed shows up too.
        for (const identity of identities) {
          const server = serverOf(name, identity, plugin);
          if (server) yield server;
        }
        yield { name, ...(plugin !== undefined && { plugin }), command: 'ratchet-probe' };
        yield { name, ...(plugin !== undefined && { plugin }), url: 'https://ratchet-probe.invalid/' };
      }
    }
    yield { name: 'ratchet-probe', command: 'ratchet-probe' };
    yield { name: 'ratchet-probe', url: 'https://ratchet-probe.invalid/' };
  },
  rules: (policy) =>
    [...allowlists(policy)].flatMap(([list, plugin]) =>
      Object.keys(list).map((name) => (plugin === undefined ? name : `${plugin}/${name}`)),
    ),
});
