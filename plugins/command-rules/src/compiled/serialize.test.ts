import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRulesFiles } from '../starlark/rules-file.js';
import { decodeRules, encodeRules } from './serialize.js';

const SEED = 1819;

const user = loadRulesFiles(
  [
    {
      path: '/home/u/.codex/rules/a.rules',
      text: `prefix_rule(pattern = ["git", ["push", "fetch"], "-f"], decision = "forbidden", justification = "no")
prefix_rule(pattern = [["npm", "pnpm"], "i"], match = ["npm i x"])
host_executable(name = "git", paths = ["/usr/bin/git", "/home/u/bin/git"])
`,
    },
    {
      path: 'b.rules',
      text: `network_rule(host = "api.example.org", protocol = "https", decision = "deny", justification = "x")
network_rule(host = "docs.example.com", protocol = "http", decision = "allow")
prefix_rule(pattern = ["rm"], decision = "prompt")
`,
    },
  ],
  { homedir: '/home/u' },
);

describe(`the compiled rules format (fast-check seed ${SEED})`, () => {
  it('gives back equal rules, requirements rules with their reviewer included', () => {
    expect(user.rules.length).toBeGreaterThan(3);
    expect(decodeRules(encodeRules(user))).toEqual(user);
    const required = {
      ...user,
      rules: [
        ...user.rules,
        {
          program: 'git',
          rest: ['push'],
          decision: 'prompt',
          reviewer: 'user',
          origin: { kind: 'requirements', file: '/etc/codex/requirements.toml', at: 'rules.prefix_rules[0]' },
        } as const,
      ],
    };
    expect(decodeRules(encodeRules(required))).toEqual(required);
    const bad = JSON.parse(encodeRules(required)) as { rules: unknown[][] };
    bad.rules.at(-1)![7] = 'someone';
    expect(decodeRules(JSON.stringify(bad))).toBeUndefined();
  });

  it('refuses what it did not write, never throwing: another format, wrong types, damaged text', () => {
    const good = encodeRules(user);
    const json = JSON.parse(good) as Record<string, unknown>;
    for (const bad of [
      '',
      'null',
      '[]',
      JSON.stringify({ ...json, format: 'ratchet-rules/0' }),
      JSON.stringify({ ...json, rules: [['git', [], 7, null, 0, '1:1', 0, null]] }),
      JSON.stringify({ ...json, rules: [['git', [], 1, null, 9, '1:1', 0, null]] }),
      JSON.stringify({ ...json, rules: [['git', [['only']], 1, null, 0, '1:1', 0, null]] }),
      JSON.stringify({ ...json, networkRules: [['h', 'ftp', 0, null, 0, '1:1']] }),
      JSON.stringify({ ...json, hostExecutables: [['git', [1]]] }),
    ])
      expect(decodeRules(bad)).toBeUndefined();
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.string({ minLength: 1, maxLength: 2 }), (at, text) => {
        const damaged = good.slice(0, at) + text + good.slice(at + 1);
        const decoded = decodeRules(damaged);
        if (decoded !== undefined) expect(Array.isArray(decoded.rules)).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
