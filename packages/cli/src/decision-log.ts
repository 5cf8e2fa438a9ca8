import { appendFileSync } from 'node:fs';
import {
  decisionLogs,
  deepEqual,
  NO_DECISION_LOG,
  policyHash,
  toPlain,
  type DecisionEvent,
  type DecisionLog,
  type DecisionRule,
  type Diagnostic,
  type Policy,
  type Resolved,
} from '@ratchet/core';
import type { Env } from './sources.js';

/** Appends each event as one JSON line to `file` (`-`: stderr); a file that cannot be written is reported once. */
function jsonLinesLog(file: string): DecisionLog {
  return {
    record(event) {
      const text = `${JSON.stringify(event)}\n`;
      if (file === '-') process.stderr.write(text);
      else appendFileSync(file, text, { mode: 0o600 });
    },
    close: () => Promise.resolve(),
  };
}

/** The standard variables that send OpenTelemetry logs somewhere. */
export const OTLP_ENV = ['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/**
 * Sends each event as an OpenTelemetry log record over OTLP/HTTP (JSON), where the standard `OTEL_EXPORTER_OTLP_*`
 * variables point. The SDK is loaded only here, so a run without those variables never pays for it. The event's
 * fields are the record's attributes (`ratchet.decision`, `ratchet.subject`, ...), its body the one-line summary.
 *
 * The seam for a requirements-set endpoint (Codex's `[otel]` requirement): pass `endpoint`, which wins over the
 * environment, as an administrator's setting should.
 */
async function otlpLog(endpoint?: string): Promise<DecisionLog> {
  const [{ LoggerProvider, SimpleLogRecordProcessor }, { OTLPLogExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-logs'),
      import('@opentelemetry/exporter-logs-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const exporter = new OTLPLogExporter(endpoint !== undefined ? { url: endpoint } : {});
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': 'ratchet' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('ratchet.decisions');
  return {
    record(event) {
      const attributes: Record<string, string | number> = {};
      for (const [key, value] of Object.entries(event))
        if (value !== undefined)
          attributes[`ratchet.${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
      logger.emit({
        severityNumber: event.decision === 'forbidden' || event.decision === 'deny' ? 13 : 9,
        severityText: event.decision === 'forbidden' || event.decision === 'deny' ? 'WARN' : 'INFO',
        body: `${event.kind} ${event.subject}: ${event.decision}`,
        attributes,
        timestamp: new Date(event.time),
      });
    },
    close: async () => {
      await provider.forceFlush();
      await provider.shutdown();
    },
  };
}

/** The decision log a run asked for: `--decision-log FILE`, and OTLP when the environment points somewhere. */
export async function openDecisionLog(file: string | undefined, env: Env): Promise<DecisionLog> {
  const logs: DecisionLog[] = [];
  if (file !== undefined) logs.push(jsonLinesLog(file));
  if (OTLP_ENV.some((name) => (env[name] ?? '') !== '')) logs.push(await otlpLog());
  return decisionLogs(logs);
}

let current: DecisionLog = NO_DECISION_LOG;

/** Makes `log` the one this run's commands record to. */
export function useDecisionLog(log: DecisionLog): void {
  current = log;
}

/** Records one decision, with its time, to this run's log. */
export function recordDecision(event: Omit<DecisionEvent, 'time'>): void {
  current.record({ time: new Date().toISOString(), ...event });
}

/** The rule's source and place, and its line when the place is `line:column` (a `.rules` file). */
export function ruleAt(rule: string, source: string | undefined, at?: string): DecisionRule {
  const line = at !== undefined ? /^(\d+):\d+$/.exec(at)?.[1] : undefined;
  return {
    rule,
    ...(source !== undefined && { source }),
    ...(at !== undefined && { at }),
    ...(line !== undefined && { line: Number(line) }),
  };
}

/** Records every value `resolve` replaced: what was asked, what holds, and the requirement fields (and layers) why. */
export function recordReplaced(policy: Policy, resolved: Resolved): void {
  const hash = policyHash(policy.requirements);
  for (const e of resolved.entries.values()) {
    if (e.requested === undefined || deepEqual(e.requested.value, e.value)) continue;
    const constraints = e.constraints.filter((c) => c.sources.length > 0);
    recordDecision({
      kind: 'value',
      subject: e.key,
      decision: 'replaced',
      rules: constraints.map((c) => ruleAt(c.field, c.sources[0])),
      layers: [...new Set(constraints.flatMap((c) => c.sources))],
      policy_hash: hash,
      requested: toPlain(e.requested.value) ?? null,
      effective: toPlain(e.value) ?? null,
      reason: e.rule,
    });
  }
}

/** Records a config.toml write that requirements refused, with the problems that refused it. */
export function recordRefusedWrite(
  policy: Policy,
  key: string,
  requested: unknown,
  problems: readonly Diagnostic[],
): void {
  recordDecision({
    kind: 'config_write',
    subject: key,
    decision: 'refused',
    rules: problems.map((p) => ruleAt(p.key ?? key, p.source)),
    layers: [...new Set(problems.flatMap((p) => (p.source !== undefined ? [p.source] : [])))],
    policy_hash: policyHash(policy.requirements),
    requested: requested ?? null,
    reason: problems.map((p) => p.message).join('; '),
  });
}
