import { policyHash, type Policy, type Resolved } from '@ratchet/core';
import { compiledNetworkDomains, type NetworkRule } from '@ratchet/plugin-command-rules';
import { NETWORK_PROVIDER, networkGate, type HostQuery, type HostVerdict } from '@ratchet/plugin-network';
import { DECISION_EXIT, parseFlags, policyFlags, UsageError } from '../args.js';
import { checkDomainFlags } from '../command-table.js';
import { recordDecision, ruleAt } from '../decision-log.js';
import { resolveFlags } from '../host.js';
import { decisionText, line, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';
import { loadUserRules } from '../rules-files.js';

/** `--exit-code` statuses: `ask` is a prompt, `deny` forbidden. */
const EXIT = { allow: 0, ask: DECISION_EXIT.prompt, deny: DECISION_EXIT.forbidden } as const;

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`--port must be a number from 1 to 65535 (got "${text}")`);
  return port;
}

/** The verdict on one host under the effective network policy, with the sources of the entry that decided. */
export function domainAnswer(
  policy: Policy,
  resolved: Resolved,
  networkRules: readonly NetworkRule[],
  query: HostQuery,
) {
  const gate = networkGate(policy, resolved, { ruleDomains: compiledNetworkDomains(networkRules) });
  const verdict: HostVerdict = gate.host(query);
  const managedSources = (policy.requirementOf(NETWORK_PROVIDER).origins.experimental_network ?? []).map(
    (s) => s.label,
  );
  const rule = networkRules.findLast((r) => r.host === verdict.entry?.pattern);
  const sources =
    verdict.entry?.from === 'managed'
      ? managedSources
      : verdict.entry?.from === 'rules' && rule
        ? [`${rule.origin.file} ${rule.origin.at}`]
        : [];
  recordDecision({
    kind: 'domain',
    subject: `${verdict.host}${verdict.port !== undefined ? `:${verdict.port}` : ''}`,
    decision: verdict.decision,
    rules: verdict.entry ? [ruleAt(`${verdict.entry.list} ${verdict.entry.pattern}`, sources[0], rule?.origin.at)] : [],
    layers: verdict.entry?.from === 'managed' ? managedSources : [],
    policy_hash: policyHash(policy.requirements),
    reason: verdict.reason,
  });
  return { verdict, sources, gate, warnings: resolved.diagnostics };
}

/** The `check-domain --json` document. */
export function domainJson({ verdict, sources, gate, warnings }: ReturnType<typeof domainAnswer>) {
  const p = gate.policy;
  return {
    decision: verdict.decision,
    reason: verdict.reason,
    host: verdict.host,
    port: verdict.port ?? null,
    entry: verdict.entry
      ? { pattern: verdict.entry.pattern, list: verdict.entry.list, from: verdict.entry.from, sources }
      : null,
    message: verdict.message,
    sandbox_mode: p.sandboxMode,
    allowlist_miss: p.onMiss,
    enabled: p.enabled,
    warnings: warningsJson(warnings),
  };
}

/**
 * `ratchet check-domain HOST [--port N] [--resolved-address IP]... [--rules FILE]... [policy flags] [--json]`: may
 * the agent reach this host under the effective network policy (requirements, config.toml, the `network_rule`s of
 * the user's `.rules` files and the effective sandbox mode)? Prints
 * `allow`, `ask` or `deny` with the entry that decided. HOST is a host name or IP literal (optionally `:port` or
 * `[v6]:port`), never a URL: anything with a scheme, userinfo or path is refused as invalid. Exit 0 whatever the
 * decision, unless `--exit-code`: 3 for ask, 4 for deny.
 */
export async function checkDomainCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, checkDomainFlags);
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'check-domain needs a HOST, e.g. ratchet check-domain api.example.com --port 443'
        : `check-domain takes one HOST (got ${positionals.length})`,
    );
  }
  const port = parsePort(values.port);
  const flags = policyFlags(values);
  const { policy, resolved } = await resolveFlags(flags, err);
  const networkRules = loadUserRules(values.rules, flags).networkRules ?? [];
  const answer = domainAnswer(policy, resolved, networkRules, {
    host: positionals[0]!,
    ...(port !== undefined && { port }),
    resolvedAddresses: values['resolved-address'],
  });
  const status = values['exit-code'] ? EXIT[answer.verdict.decision] : 0;
  if (values.json) return (line(out, JSON.stringify(domainJson(answer), null, 2)), status);
  const { verdict, sources, gate } = answer;
  const p = gate.policy;
  line(out, `decision: ${decisionText(out, verdict.decision)} (${verdict.reason})`);
  line(out, `  host: ${verdict.host}${verdict.port !== undefined ? `  port: ${verdict.port}` : ''}`);
  if (verdict.entry) {
    const where = sources.length > 0 ? `, ${sources.join(', ')}` : '';
    line(out, `  entry: ${verdict.entry.list} "${verdict.entry.pattern}" (${verdict.entry.from}${where})`);
  }
  line(out, `  ${verdict.message}`);
  line(out, `  sandbox: ${p.sandboxMode}; allowlist misses: ${p.onMiss}`);
  if (!p.enabled)
    line(
      out,
      '  note: network.enabled is false, so no proxy enforces this policy; the sandbox alone decides network access',
    );
  return status;
}
