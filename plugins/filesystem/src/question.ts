import { defineQuestion, expectString, type Policy } from '@ratchet/core';
import { readGate } from './gate.js';
import { FILESYSTEM_PROVIDER } from './keys.js';
import { DENY_READ_FIELD } from './entries.js';

const entriesOf = (policy: Policy): readonly string[] =>
  policy.requirementOf(FILESYSTEM_PROVIDER).value[DENY_READ_FIELD] ?? [];

/** A path an entry covers: globs filled in, and a file below it. */
function pathsOf(entry: string): string[] {
  const path = entry.replaceAll('**', 'a').replaceAll('*', 'a').replaceAll('?', 'a');
  return [path, `${path.replace(/\/+$/, '')}/a`];
}

/** `read_path = "/home/alice/.ssh/id_rsa"`: may the agent read it (allow or deny, and the entry that denied). */
export const readPathQuestion = defineQuestion<string>({
  name: 'read_path',
  docs: 'may this path be read: allow or deny, and the deny_read entry that denied it',
  order: 'rank',
  fields: [DENY_READ_FIELD],
  parse: (raw, _case, report) => expectString(raw, 'read_path', report),
  format: (path) => `read ${path}`,
  toCase: (path) => ({ read_path: path }),
  prepare({ policy }) {
    const gate = readGate(policy);
    return (path) => {
      const verdict = gate(path);
      return verdict.allowed
        ? { decision: 'allow', rank: 0, matched: [] }
        : {
            decision: 'deny',
            rank: 1,
            matched: verdict.rule === undefined ? [] : [verdict.rule],
            reason: `deny_read ${verdict.rule ?? ''} covers ${verdict.path}`,
          };
    };
  },
  *probes(policies) {
    for (const policy of policies) for (const entry of entriesOf(policy)) yield* pathsOf(entry);
  },
  rules: entriesOf,
});
