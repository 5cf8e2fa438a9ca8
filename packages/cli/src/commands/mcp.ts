import { formatValue, policyHash, toPlain } from '@ratchet/core';
import { MCP_SERVERS } from '@ratchet/plugin-mcp';
import { parsePolicyArgs, policyFlags, UsageError } from '../args.js';
import { recordDecision, ruleAt } from '../decision-log.js';
import { resolveFlags } from '../host.js';
import { colors, line, widthOf, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { table } from '../render/table.js';

/** `ratchet mcp list`: every configured MCP server with its transport, whether it may run, and why not. */
export async function mcpCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'list')
    throw new UsageError(
      sub === undefined ? 'mcp needs a subcommand: list' : `unknown mcp subcommand "${sub}" (try list)`,
    );
  const { values, positionals } = parsePolicyArgs(rest);
  if (positionals.length > 0) throw new UsageError(`mcp list takes no arguments (got "${positionals[0]}")`);
  const { policy, resolved } = await resolveFlags(policyFlags(values), err);
  const servers = resolved.value(MCP_SERVERS) ?? {};
  const hash = policyHash(policy.requirements);
  const layers = [...new Set(resolved.entries.get('mcp_servers')?.constraints.flatMap((c) => c.sources) ?? [])];
  for (const [name, s] of Object.entries(servers))
    recordDecision({
      kind: 'mcp_server',
      subject: name,
      decision: s.enabled ? 'enabled' : 'disabled',
      rules: layers.length > 0 ? [ruleAt(`mcp_servers.${name}`, layers[0])] : [],
      layers,
      policy_hash: hash,
      ...(s.disabled_reason !== undefined && { reason: s.disabled_reason }),
    });
  if (values.json) {
    const report = { mcp_servers: toPlain(servers), warnings: warningsJson(resolved.diagnostics) };
    return (line(out, JSON.stringify(report, null, 2)), 0);
  }
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
