import type { RequirementSet } from '../layering/requirements.js';
import { keptPer } from '../shape/kept.js';
import { toPlain } from '../shape/values.js';

/** What was decided about: a command, a host, an MCP server, a hook event, a config.toml write, an effective value. */
export const DECISION_SUBJECTS = ['command', 'domain', 'mcp_server', 'hook', 'config_write', 'value'] as const;
export type DecisionSubject = (typeof DECISION_SUBJECTS)[number];

/** The rule (or requirement) behind a decision and where it was written. */
export interface DecisionRule {
  /** The rule as text: a prefix pattern, a domain entry, a requirement field. */
  readonly rule: string;
  /** The file (or source label) that holds it. */
  readonly source?: string;
  /** The line in that file, when the rule has one (`.rules` files). */
  readonly line?: number;
  /** Where in the file: a key path (`rules.prefix_rules[0]`) or `line:column`. */
  readonly at?: string;
}

/** One decision as a decision log records it (docs/decision-log.schema.json). */
export interface DecisionEvent {
  /** When, ISO 8601 UTC. */
  readonly time: string;
  readonly kind: DecisionSubject;
  /** What was decided about: the command line, the host, the server's name, the event, the key. */
  readonly subject: string;
  /** The answer: allow, prompt, forbidden, none; ask, deny; enabled, disabled; block; refused; replaced. */
  readonly decision: string;
  readonly rules: readonly DecisionRule[];
  /** The requirements layers (source labels) the deciding requirement came from. */
  readonly layers: readonly string[];
  /** `sha256:` of the loaded requirements: the same policy always has the same hash. */
  readonly policy_hash: string;
  /** The value before and after, for a replaced value or a refused write. */
  readonly requested?: unknown;
  readonly effective?: unknown;
  readonly reason?: string;
}

/** A sink for decisions: a host records every decision it makes; `close` flushes what is buffered. */
export interface DecisionLog {
  record(event: DecisionEvent): void;
  close(): Promise<void>;
}

/** A log that records nothing. */
export const NO_DECISION_LOG: DecisionLog = { record: () => undefined, close: () => Promise.resolve() };

/** Several logs as one. */
export function decisionLogs(logs: readonly DecisionLog[]): DecisionLog {
  if (logs.length === 0) return NO_DECISION_LOG;
  if (logs.length === 1) return logs[0]!;
  return {
    record: (event) => logs.forEach((log) => log.record(event)),
    close: async () => void (await Promise.all(logs.map((log) => log.close()))),
  };
}

/** JSON with object keys sorted at every depth, so equal values always serialize alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * The hash of a loaded policy: its layers (source and keys) and every provider's combined requirement. A loaded
 * requirement set never changes, so its hash is computed once and kept with it: every decision may name it.
 */
export const policyHash: (requirements: RequirementSet) => string = keptPer((requirements: RequirementSet) => {
  const content = {
    layers: requirements.layers.map((l) => ({ source: l.source.label, kind: l.source.kind, keys: l.keys })),
    combined: Object.fromEntries([...requirements.combined].map(([id, c]) => [id, toPlain(c)])),
  };
  const sha256 = process.getBuiltinModule('node:crypto').createHash('sha256');
  return `sha256:${sha256.update(canonical(content)).digest('hex')}`;
});
