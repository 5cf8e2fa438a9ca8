import { formatValue, policyHash, toPlain, type Policy, type Resolved } from '@ratchet/core';
import { MCP_PROVIDER, MCP_SERVERS, mcpGate, type ServerToStart } from '@ratchet/plugin-mcp';
import { parseFlags, parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { mcpCheckFlags } from '../command-table.js';
import { recordDecision, ruleAt } from '../decision-log.js';
import { loadPolicy, resolveFlags } from '../host.js';
import { colors, line, widthOf, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { table } from '../render/table.js';

/** The `mcp list --json` document: every configured server as resolved, with the warnings. */
export function mcpListJson(resolved: Resolved) {
  return { mcp_servers: toPlain(resolved.value(MCP_SERVERS) ?? {}), warnings: warningsJson(resolved.diagnostics) };
}

/** Records whether each configured server may run, as `mcp list` resolved it. */
function recordServers(policy: Policy, resolved: Resolved): void {
  const hash = policyHash(policy.requirements);
  const layers = [...new Set(resolved.entries.get('mcp_servers')?.constraints.flatMap((c) => c.sources) ?? [])];
  for (const [name, s] of Object.entries(resolved.value(MCP_SERVERS) ?? {}))
    recordDecision({
      kind: 'mcp_server',
      subject: name,
      decision: s.enabled ? 'enabled' : 'disabled',
      rules: layers.length > 0 ? [ruleAt(`mcp_servers.${name}`, layers[0])] : [],
      layers,
      policy_hash: hash,
      ...(s.disabled_reason !== undefined && { reason: s.disabled_reason }),
    });
}

/** The `mcp check --json` document: may this server start under the requirements' MCP allowlists? */
export function mcpCheckJson(policy: Policy, server: ServerToStart) {
  const verdict = mcpGate(policy)(server);
  const field = server.plugin !== undefined ? 'plugins' : 'mcp_servers';
  const layers = (policy.requirementOf(MCP_PROVIDER).origins[field] ?? []).map((s) => s.label);
  recordDecision({
    kind: 'mcp_server',
    subject: server.name,
    decision: verdict.allowed ? 'allowed' : 'not allowed',
    rules: layers.length > 0 ? [ruleAt(`${field}.${server.name}`, layers[0])] : [],
    layers,
    policy_hash: policyHash(policy.requirements),
    ...(!verdict.allowed && { reason: verdict.reason }),
  });
  return {
    name: server.name,
    allowed: verdict.allowed,
    ...(!verdict.allowed && { reason: verdict.reason }),
    warnings: warningsJson(policy.requirements.diagnostics),
  };
}

/** `ratchet mcp check NAME (--command CMD [--arg ARG]... | --url URL) [--from-plugin PLUGIN]`: may it start? */
async function mcpCheck(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, mcpCheckFlags);
  if (positionals.length !== 1) throw new UsageError('mcp check takes exactly one server NAME');
  if ((values.command === undefined) === (values.url === undefined))
    throw new UsageError('mcp check needs exactly one of --command CMD and --url URL');
  const policy = await loadPolicy(policyFlags(values), err);
  const answer = mcpCheckJson(policy, {
    name: positionals[0]!,
    ...(values.command !== undefined && { command: values.command, args: values.arg }),
    ...(values.url !== undefined && { url: values.url }),
    ...(values['from-plugin'] !== undefined && { plugin: values['from-plugin'] }),
  });
  if (values.json) line(out, JSON.stringify(answer, null, 2));
  else line(out, answer.allowed ? `allowed: ${answer.name}` : `not allowed: ${answer.reason}`);
  return 0;
}

/** `ratchet mcp list`: every configured MCP server with its transport, whether it may run, and why not. */
export async function mcpCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'check') return mcpCheck(rest, out, err);
  if (sub !== 'list')
    throw new UsageError(
      sub === undefined ? 'mcp needs a subcommand: list or check' : `unknown mcp subcommand "${sub}" (try list)`,
    );
  const { values, positionals } = parsePolicyArgs(rest);
  if (positionals.length > 0) throw new UsageError(`mcp list takes no arguments (got "${positionals[0]}")`);
  const { policy, resolved } = await resolveFlags(policyFlags(values), err);
  const servers = resolved.value(MCP_SERVERS) ?? {};
  recordServers(policy, resolved);
  if (values.json) return (line(out, JSON.stringify(mcpListJson(resolved), null, 2)), 0);
  const rows = Object.entries(servers).map(([name, s]) => [
    name,
    s.command ?? s.url ?? '-',
    s.args && s.args.length > 0 ? s.args.map((a) => formatValue(a)).join(' ') : '-',
    s.enabled ? 'enabled' : 'disabled',
    s.disabled_reason?.replace(/^disabled by requirements: /, 'requirements: ') ??
      (s.enabled ? '-' : 'disabled in config'),
  ]);
  if (rows.length === 0) return (line(out, 'No MCP servers are configured.'), 0);
  line(
    out,
    table(['NAME', 'COMMAND/URL', 'ARGS', 'STATUS', 'REASON'], rows, { width: widthOf(out), header: colors(out).bold }),
  );
  return 0;
}
