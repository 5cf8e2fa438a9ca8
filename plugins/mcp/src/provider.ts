import { MCP_PROVIDER } from './keys.js';
import { createProvider, type Combined, type Diagnostic } from '@ratchet/core';
import { intersect, parseAllowlist, parsePlugins, printAllowlist, verdict, type McpRequirement } from './allowlist.js';
import { mcpSchema } from './schema.js';
import { parseServers, transportOf, type McpServer, type McpServers } from './servers.js';
import { mcpServerQuestion } from './question.js';

/** The MCP servers a user configures. */
export interface McpSettings {
  readonly mcp_servers: McpServers;
}

/** Early names of the allowlist that Codex never read; they are warned about, not enforced. */
const EARLY_NAMES = ['mcp_server_allowlist', 'mcp_server_requirements'];

/** Labels of the layers that set each field, for reasons users read. */
export function sourcesOf(requirement: Combined<McpRequirement>) {
  const label = (field: 'mcp_servers' | 'plugins') =>
    (requirement.origins[field] ?? []).map((s) => s.label).join(', ') || 'requirements';
  return { mcp_servers: label('mcp_servers'), plugins: label('plugins') };
}

/** A server in canonical form: enabled spelled out, no reason (reasons are resolution's to give). */
function canonical(server: McpServer): McpServer {
  const { disabled_reason: _reason, ...rest } = server;
  return { ...rest, enabled: server.enabled ?? true };
}

/** The MCP provider: an allowlist of servers matched on name and transport identity. */
export function mcpProvider() {
  return createProvider({
    key: MCP_PROVIDER,
    docs: {
      summary: 'Keeps only allowlisted MCP servers enabled: name and transport identity must both match.',
      description:
        'Without [mcp_servers] every server is untouched. With it, a server stays enabled only if its name is listed and ' +
        'its transport matches the identity (a command identity compares the command, optionally each arg; a url identity ' +
        'compares the url). An empty [mcp_servers] disables every server. A disallowed server is disabled with a reason, ' +
        'never an error, and an allowlisted server the user disabled stays disabled. [plugins."<plugin>".mcp_servers] does ' +
        'the same for servers a plugin brings.',
    },
    questions: [mcpServerQuestion],
    requirementKeys: ['mcp_servers', 'plugins', ...EARLY_NAMES],
    fields: {
      mcp_servers: { docs: 'Allowlisted MCP servers by name, each with the identity its transport must match.' },
      plugins: { docs: 'Per plugin, the allowlist of the MCP servers it brings.' },
    },
    settings: {
      mcp_servers: {
        configKey: 'mcp_servers',
        docs: 'The MCP servers the agent may start.',
        constrainedBy: ['mcp_servers'],
        merge: 'tables',
        parse: parseServers,
      },
    },
    schema: mcpSchema,
    parse(slice, { report }) {
      for (const early of EARLY_NAMES) {
        if (slice[early] !== undefined) {
          report({
            severity: 'warning',
            kind: 'not-enforced',
            key: early,
            message: `[${early}] is an early name that is not read: nothing in it is enforced`,
            suggestion: 'write each server as [mcp_servers.<name>.identity] with command = "..." or url = "..."',
          });
        }
      }
      const mcp_servers =
        slice.mcp_servers === undefined ? undefined : parseAllowlist(slice.mcp_servers, 'mcp_servers', report);
      const plugins = slice.plugins === undefined ? undefined : parsePlugins(slice.plugins, report);
      return { ...(mcp_servers && { mcp_servers }), ...(plugins && { plugins }) };
    },
    tighten(a, b) {
      const both = <T>(x: T | undefined, y: T | undefined, meet: (x: T, y: T) => T) =>
        x === undefined ? y : y === undefined ? x : meet(x, y);
      const mcp_servers = both(a.mcp_servers, b.mcp_servers, intersect);
      const plugins = both(a.plugins, b.plugins, (x, y) =>
        Object.fromEntries(
          Object.keys(x)
            .filter((p) => Object.hasOwn(y, p))
            .map((p) => [p, intersect(x[p]!, y[p]!)]),
        ),
      );
      return { ...(mcp_servers && { mcp_servers }), ...(plugins && { plugins }) };
    },
    allows(r, v) {
      const sources = { mcp_servers: '', plugins: '' };
      return Object.entries(v.mcp_servers ?? {}).every(
        ([name, server]) =>
          server.enabled === false || verdict(r, { name, transport: transportOf(server) }, sources).allowed,
      );
    },
    normalize(v) {
      return v.mcp_servers === undefined
        ? v
        : { mcp_servers: Object.fromEntries(Object.entries(v.mcp_servers).map(([n, s]) => [n, canonical(s)])) };
    },
    resolve({ requirement, requested }) {
      const sources = sourcesOf(requirement);
      const asked = requested.mcp_servers;
      const servers: Record<string, McpServer> = {};
      const diagnostics: Diagnostic[] = [];
      for (const [name, server] of Object.entries(asked?.value ?? {})) {
        const judged = verdict(requirement.value, { name, transport: transportOf(server) }, sources);
        if (judged.allowed) {
          servers[name] = canonical(server);
          continue;
        }
        servers[name] = {
          ...canonical(server),
          enabled: false,
          disabled_reason: `disabled by requirements: ${judged.reason}`,
        };
        // A server the user already disabled keeps the reason (as Codex does) but needs no warning.
        if (!server.enabled) continue;
        diagnostics.push({
          kind: 'disallowed-value',
          severity: 'warning',
          ...(asked && { source: asked.origin.source }),
          key: `mcp_servers.${name}`,
          provider: 'mcp',
          message: `MCP server "${name}" is disabled: ${judged.reason}`,
          suggestion:
            'use a server the allowlist names, with the identity it lists, or ask the administrator to add it',
        });
      }
      const listed = requirement.value.mcp_servers !== undefined;
      return {
        values: {
          mcp_servers: {
            value: servers,
            rule: listed ? 'servers outside the allowlist are disabled' : 'no allowlist: configured servers as written',
            constrainedBy: listed ? ['mcp_servers'] : [],
          },
        },
        diagnostics,
      };
    },
    print(r) {
      const plugins =
        r.plugins &&
        Object.fromEntries(Object.entries(r.plugins).map(([p, list]) => [p, { mcp_servers: printAllowlist(list) }]));
      return { ...(r.mcp_servers && { mcp_servers: printAllowlist(r.mcp_servers) }), ...(plugins && { plugins }) };
    },
  });
}
