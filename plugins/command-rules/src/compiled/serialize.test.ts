import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadRulesFiles } from '../starlark/rules-file.js';
import { CommandPolicy } from '../policy.js';
import { DamagedRulesError, decodeRules, encodeRules, openCompiledRules } from './serialize.js';

const SEED = 1819;

const user = loadRulesFiles(
  [
    {
      path: '/home/u/.codex/rules/a.rules',
      text: `prefix_rule(pattern = ["git", ["push", "fetch"], "-f"], decision = "forbidden", justification = "nö ✓ 𝄞")
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
    // Decoded rules come grouped by kind, requirements first, each program's rules in their order.
    const decoded = decodeRules(encodeRules(required))!;
    expect(decoded).toEqual({ ...required, rules: [required.rules.at(-1), ...user.rules] });
    const text = encodeRules(required);
    expect(decodeRules(text.replace('"user"]', '"someone"]'))).toBeUndefined();
    expect(decodeRules(text.replace('"user"]', '"user" ]'))).toBeUndefined(); // moved: the offsets no longer fit
  });

  it('refuses what it did not write, never throwing: another format, wrong types, damaged text', () => {
    const good = encodeRules(user);
    const [head, body] = [good.slice(0, good.indexOf('\n')), good.slice(good.indexOf('\n') + 1)];
    const json = JSON.parse(head) as Record<string, unknown>;
    const oneGroup = (row: unknown[]) => {
      const rows = JSON.stringify([row]);
      return `${JSON.stringify({ ...json, groups: [[0, 'git', 0, rows.length, 1]] })}\n${rows}`;
    };
    for (const bad of [
      '',
      'null',
      '[]',
      `${JSON.stringify({ ...json, format: 'ratchet-rules/1' })}\n${body}`,
      `${JSON.stringify({ ...json, groups: [] })}\n${body}`,
      `${JSON.stringify({ ...json, groups: [[0, 'git', 1, body.length, 1]] })}\n${body}`,
      oneGroup([[], 7, null, 0, '1:1', null]),
      oneGroup([[], 1, null, 9, '1:1', null]),
      oneGroup([[['only']], 1, null, 0, '1:1', null]),
      oneGroup([[], 1, null, 0, '1:1', 'someone']),
      `${JSON.stringify({ ...json, networkRules: [['h', 'ftp', 0, null, 0, '1:1']] })}\n${body}`,
      `${JSON.stringify({ ...json, hostExecutables: [['git', [1]]] })}\n${body}`,
    ])
      expect(decodeRules(bad)).toBeUndefined();
    expect(decodeRules(oneGroup([[], 1, null, 0, '1:1', null]))?.rules).toHaveLength(1);
    fc.assert(
      fc.property(fc.nat(good.length - 1), fc.string({ minLength: 1, maxLength: 2 }), (at, text) => {
        const damaged = good.slice(0, at) + text + good.slice(at + 1);
        const decoded = decodeRules(damaged);
        if (decoded !== undefined) expect(Array.isArray(decoded.rules)).toBe(true);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });

  it('decodes a program when first asked for, and a damaged program fails the decision that needs it', () => {
    const text = encodeRules(user);
    // `rm`'s rules are the last group: damage its decision, keeping every offset.
    const damaged = text.replace(/\[\[\[\],1,null,1,"3:1",null\]\]$/, '[[[],7,null,1,"3:1",null]]');
    expect(damaged).not.toBe(text);
    const compiled = openCompiledRules(Buffer.from(damaged))!;
    expect(compiled).toBeDefined();
    const policy = new CommandPolicy(compiled, compiled.hostExecutables);
    expect(policy.check(['git', 'push', '-f']).decision).toBe('forbidden');
    expect(() => policy.check(['rm', '-rf', '/'])).toThrow(DamagedRulesError);
    expect(decodeRules(damaged)).toBeUndefined();
  });
});
