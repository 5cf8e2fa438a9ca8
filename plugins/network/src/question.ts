import { defineQuestion, expectString, isTable, type Policy } from '@ratchet/core';
import { decisionRank, networkGate, type HostQuery } from './gate.js';
import { NETWORK_PROVIDER } from './keys.js';

/** Hosts a pattern covers: the domain itself and names below it, globs filled in. */
function hostsOf(pattern: string): string[] {
  const domain = pattern.replace(/^\*+\./, '').replaceAll('*', 'a');
  return [domain, `a.${domain}`, `a.b.${domain}`];
}

const patternsOf = (policy: Policy): string[] =>
  Object.keys(policy.requirementOf(NETWORK_PROVIDER).value.experimental_network?.domains ?? {});

/** `domain = "api.github.com"` or `domain = { host = "api.github.com", port = 443 }`: allow, ask or deny. */
export const domainQuestion = defineQuestion<HostQuery>({
  name: 'domain',
  docs: 'may the agent reach this host: allow, ask or deny, and the entry that decided',
  order: 'rank',
  fields: ['experimental_network'],
  parse(raw, _case, report) {
    if (typeof raw === 'string') return { host: raw };
    if (isTable(raw)) {
      const host = expectString(raw.host, 'domain.host', report);
      const port = raw.port;
      if (port !== undefined && !(typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535)) {
        report({
          severity: 'error',
          kind: 'invalid-value',
          key: 'domain.port',
          message: 'expected a port from 1 to 65535',
          suggestion: 'write domain = { host = "example.com", port = 443 }',
        });
        return undefined;
      }
      return host === undefined ? undefined : { host, ...(typeof port === 'number' && { port }) };
    }
    report({
      severity: 'error',
      kind: 'invalid-type',
      key: 'domain',
      message: 'expected a host name or a table { host, port }',
      suggestion: 'write domain = "api.example.com"',
    });
    return undefined;
  },
  format: (q) => `host ${q.host}${q.port === undefined ? '' : `:${q.port}`}`,
  toCase: (q) => ({ domain: q.port === undefined ? q.host : { host: q.host, port: q.port } }),
  prepare({ policy, resolved }) {
    const gate = networkGate(policy, resolved);
    return (q) => {
      const verdict = gate.host(q);
      return {
        decision: verdict.decision,
        rank: decisionRank(verdict.decision),
        matched: verdict.entry ? [verdict.entry.pattern] : [],
        reason: verdict.message,
      };
    };
  },
  *probes(policies) {
    for (const policy of policies)
      for (const pattern of patternsOf(policy)) for (const host of hostsOf(pattern)) yield { host };
    // A host no entry names, and the local and private addresses the gate treats on their own, with and without a port.
    for (const host of ['ratchet-probe.example', 'localhost', '127.0.0.1', '::1', '10.0.0.1', '169.254.169.254']) {
      yield { host };
      yield { host, port: 8080 };
    }
  },
  rules: (policy) => patternsOf(policy),
});
