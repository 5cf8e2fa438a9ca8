import { describe, expect, it } from 'vitest';
import { decisionLogs, NO_DECISION_LOG, policyHash, type DecisionEvent, type DecisionLog } from './decision-log.js';
import type { RequirementSet } from '../layering/requirements.js';

const set = (combined: Record<string, object>, label = 'a.toml'): RequirementSet => ({
  layers: [{ source: { kind: 'file', label }, keys: Object.keys(combined) }],
  combined: new Map(Object.entries(combined).map(([id, value]) => [id, { value, origins: {} }])),
  diagnostics: [],
  managedConfigs: [],
});

describe('policyHash', () => {
  it('is the same for the same policy whatever the key order, and differs when anything differs', () => {
    const a = policyHash(set({ sandbox: { allowed: ['read-only'], x: 1 } }));
    expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(policyHash(set({ sandbox: { x: 1, allowed: ['read-only'] } }))).toBe(a);
    expect(policyHash(set({ sandbox: { allowed: ['workspace-write'], x: 1 } }))).not.toBe(a);
    expect(policyHash(set({ sandbox: { allowed: ['read-only'], x: 1 } }, 'b.toml'))).not.toBe(a);
  });
});

describe('decisionLogs', () => {
  const event: DecisionEvent = {
    time: '2026-01-01T00:00:00.000Z',
    kind: 'command',
    subject: 'ls',
    decision: 'allow',
    rules: [],
    layers: [],
    policy_hash: 'sha256:0',
  };

  it('records to every log and closes them all', async () => {
    const seen: string[] = [];
    const log = (name: string): DecisionLog => ({
      record: (e) => void seen.push(`${name}:${e.subject}`),
      close: () => Promise.resolve(void seen.push(`${name}:closed`)),
    });
    const both = decisionLogs([log('a'), log('b')]);
    both.record(event);
    await both.close();
    expect(seen).toEqual(['a:ls', 'b:ls', 'a:closed', 'b:closed']);
    expect(decisionLogs([])).toBe(NO_DECISION_LOG);
  });
});
