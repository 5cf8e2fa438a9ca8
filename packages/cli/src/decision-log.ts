import { appendFileSync } from 'node:fs';
import {
  decisionLogs,
  deepEqual,
  isTable,
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
import { SURFACES_PROVIDER } from '@ratchet/plugin-surfaces';
import { otlpAsked } from './decision-log-env.js';
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

/**
 * Sends each event as an OpenTelemetry log record over OTLP/HTTP (JSON), where the standard `OTEL_EXPORTER_OTLP_*`
 * variables point. The SDK is loaded only here, so a run without those variables never pays for it. The event's
 * fields are the record's attributes (`ratchet.decision`, `ratchet.subject`, ...), its body the one-line summary.
 *
 * The seam for a requirements-set endpoint (Codex's `[otel]` requirement): pass `endpoint`, which wins over the
 * environment, as an administrator's setting should.
 */
async function otlpLog(endpoint?: string, headers?: Readonly<Record<string, string>>): Promise<DecisionLog> {
  const [{ LoggerProvider, SimpleLogRecordProcessor }, { OTLPLogExporter }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-logs'),
      import('@opentelemetry/exporter-logs-otlp-http'),
      import('@opentelemetry/resources'),
    ]);
  const exporter = new OTLPLogExporter({
    ...(endpoint !== undefined && { url: endpoint }),
    ...(headers !== undefined && { headers: { ...headers } }),
  });
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
  if (otlpAsked(env)) logs.push(await otlpLog());
  return decisionLogs(logs);
}

let current: DecisionLog = NO_DECISION_LOG;
/** The requirements-set OTLP endpoints already sending, so a reloaded or second policy never opens one twice. */
const required = new Map<string, DecisionLog>();

/** Makes `log` the one this run's commands record to. */
export function useDecisionLog(log: DecisionLog): void {
  current = log;
}

/** Whether anything records decisions in this run (else events need not be built). */
export const decisionLogOn = (): boolean => current !== NO_DECISION_LOG;

/** The OTLP/HTTP log exporter the requirements' `[otel] exporter` names, if any. */
export function requiredExporter(
  policy: Policy,
):
  | { readonly endpoint: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly unsupported: string }
  | undefined {
  if (!policy.provider(SURFACES_PROVIDER)) return undefined;
  const exporter = policy.requirementOf(SURFACES_PROVIDER).value.otel?.exporter;
  if (!isTable(exporter)) return undefined;
  const http = exporter['otlp-http'];
  if (!isTable(http)) return { unsupported: Object.keys(exporter)[0] ?? 'unknown' };
  if (typeof http.endpoint !== 'string') return { unsupported: 'otlp-http without an endpoint' };
  const headers = isTable(http.headers)
    ? Object.fromEntries(Object.entries(http.headers).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : undefined;
  return { endpoint: http.endpoint, ...(headers !== undefined && { headers }) };
}

/**
 * Sends this run's decisions where the requirements' `[otel] exporter` points too (an `otlp-http` endpoint, the full
 * logs address, with its headers), beside `--decision-log` and the `OTEL_EXPORTER_OTLP_*` variables: an
 * administrator's exporter is never left out. An exporter Ratchet cannot send to (`otlp-grpc`) is a warning.
 */
export async function useRequiredExporter(policy: Policy, warn: (text: string) => void): Promise<void> {
  const wanted = requiredExporter(policy);
  if (wanted === undefined) return;
  if ('unsupported' in wanted) {
    warn(
      `otel.exporter ${wanted.unsupported}: decision logs are sent only over OTLP/HTTP; set otlp-http to receive them`,
    );
    return;
  }
  if (required.has(wanted.endpoint)) return;
  const log = await otlpLog(wanted.endpoint, wanted.headers);
  required.set(wanted.endpoint, log);
  current = decisionLogs([current, log].filter((l) => l !== NO_DECISION_LOG));
}

/** Flushes and closes every log this run opened. */
export async function closeDecisionLog(): Promise<void> {
  const log = current;
  current = NO_DECISION_LOG;
  required.clear();
  await log.close();
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
