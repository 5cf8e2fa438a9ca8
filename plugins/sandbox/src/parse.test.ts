import { describe, expect, it } from 'vitest';
import type { Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { sandboxProvider, type SandboxRequirement } from './provider.js';

const provider = sandboxProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', ...expected });

describe('sandbox parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<SandboxRequirement> }[] = [
    { name: 'an empty slice constrains nothing', input: {}, expected: {} },
    {
      name: 'modes keep their order',
      input: { allowed_sandbox_modes: ['workspace-write', 'read-only'] },
      expected: { allowed_sandbox_modes: ['workspace-write', 'read-only'] },
    },
    {
      name: 'every spelling, external-sandbox included',
      input: { allowed_sandbox_modes: ['read-only', 'workspace-write', 'danger-full-access', 'external-sandbox'] },
      expected: { allowed_sandbox_modes: ['read-only', 'workspace-write', 'danger-full-access', 'external-sandbox'] },
    },
    {
      name: 'an empty list parses (validate rejects it)',
      input: { allowed_sandbox_modes: [] },
      expected: { allowed_sandbox_modes: [] },
    },
    {
      name: 'well-formed remote entries that do not match leave the list alone',
      input: {
        allowed_sandbox_modes: ['read-only'],
        remote_sandbox_config: [
          { hostname_patterns: ['*.other.org'], allowed_sandbox_modes: ['read-only', 'danger-full-access'] },
        ],
      },
      expected: { allowed_sandbox_modes: ['read-only'] },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
  });
});

describe('sandbox parse: invalid slices', () => {
  const entry = { hostname_patterns: ['*.example.com'], allowed_sandbox_modes: ['read-only'] };
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    {
      name: 'a string where a list belongs',
      input: { allowed_sandbox_modes: 'read-only' },
      expected: [{ kind: 'invalid-type', key: 'allowed_sandbox_modes', severity: 'error', message: 'invalid type' }],
    },
    {
      name: 'read_only suggests read-only',
      input: { allowed_sandbox_modes: ['read_only'] },
      expected: [
        {
          kind: 'unknown-value',
          key: 'allowed_sandbox_modes[0]',
          severity: 'error',
          suggestion: 'did you mean "read-only"?',
        },
      ],
    },
    {
      name: 'danger-full-acess suggests danger-full-access',
      input: { allowed_sandbox_modes: ['read-only', 'danger-full-acess'] },
      expected: [
        {
          kind: 'unknown-value',
          key: 'allowed_sandbox_modes[1]',
          severity: 'error',
          suggestion: 'did you mean "danger-full-access"?',
        },
      ],
    },
    {
      name: 'hostname_patterns = "*.org" is an invalid type',
      input: { remote_sandbox_config: [{ hostname_patterns: '*.org', allowed_sandbox_modes: ['read-only'] }] },
      expected: [
        {
          kind: 'invalid-type',
          key: 'remote_sandbox_config[0].hostname_patterns',
          severity: 'error',
          message: 'invalid type',
        },
      ],
    },
    {
      name: 'remote entry missing allowed_sandbox_modes',
      input: { remote_sandbox_config: [{ hostname_patterns: ['*.org'] }] },
      expected: [
        {
          kind: 'missing-key',
          key: 'remote_sandbox_config[0].allowed_sandbox_modes',
          severity: 'error',
          message: 'missing field `allowed_sandbox_modes`',
        },
      ],
    },
    {
      name: 'remote entry missing hostname_patterns',
      input: { remote_sandbox_config: [entry, { allowed_sandbox_modes: ['read-only'] }] },
      expected: [
        {
          kind: 'missing-key',
          key: 'remote_sandbox_config[1].hostname_patterns',
          severity: 'error',
          message: 'missing field `hostname_patterns`',
        },
      ],
    },
    {
      name: 'misspelt remote key is warned about, and the real one is missing',
      input: { remote_sandbox_config: [{ hostname_pattern: ['*.org'], allowed_sandbox_modes: ['read-only'] }] },
      expected: [
        {
          kind: 'unknown-key',
          key: 'remote_sandbox_config[0].hostname_pattern',
          severity: 'warning',
          suggestion: 'did you mean "hostname_patterns"?',
        },
        { kind: 'missing-key', key: 'remote_sandbox_config[0].hostname_patterns', severity: 'error' },
      ],
    },
    {
      name: 'remote_sandbox_config must be an array of tables',
      input: { remote_sandbox_config: entry },
      expected: [{ kind: 'invalid-type', key: 'remote_sandbox_config', severity: 'error', message: 'found table' }],
    },
    {
      name: 'remote entry that is not a table',
      input: { remote_sandbox_config: ['*.org'] },
      expected: [{ kind: 'invalid-type', key: 'remote_sandbox_config[0]', severity: 'error', message: 'found string' }],
    },
    {
      name: 'unknown mode inside a remote entry',
      input: { remote_sandbox_config: [{ hostname_patterns: ['*'], allowed_sandbox_modes: ['workspace_write'] }] },
      expected: [
        {
          kind: 'unknown-value',
          key: 'remote_sandbox_config[0].allowed_sandbox_modes[0]',
          severity: 'error',
          suggestion: 'did you mean "workspace-write"?',
        },
      ],
    },
    {
      name: 'every entry is checked, even after an earlier one failed',
      input: {
        remote_sandbox_config: [
          { hostname_patterns: ['*.org'] },
          { hostname_patterns: '*.org', allowed_sandbox_modes: ['read-only'] },
        ],
      },
      expected: [
        { kind: 'missing-key', key: 'remote_sandbox_config[0].allowed_sandbox_modes', severity: 'error' },
        { kind: 'invalid-type', key: 'remote_sandbox_config[1].hostname_patterns', severity: 'error' },
      ],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics, hostnameCalls } = parse(input);
    expect(diagnostics).toEqual(expected.map(like));
    // A layer whose remote entries do not parse selects nothing and never asks for the host name.
    expect(requirement.allowed_sandbox_modes).toBeUndefined();
    expect(hostnameCalls).toBe(0);
  });
});

describe('sandbox parse: [[remote_sandbox_config]] selection per layer', () => {
  const devbox = {
    hostname_patterns: ['*.devbox.example.com'],
    allowed_sandbox_modes: ['read-only', 'workspace-write'],
  };
  const runner = {
    hostname_patterns: ['nothing.here', 'runner-??.ci.example.com'],
    allowed_sandbox_modes: ['read-only', 'danger-full-access'],
  };
  const anyHost = { hostname_patterns: ['*'], allowed_sandbox_modes: ['read-only', 'external-sandbox'] };
  const cases: {
    name: string;
    input: { hostname: string | undefined; slice: Table };
    expected: { modes: SandboxRequirement['allowed_sandbox_modes']; calls: number; selected?: string };
  }[] = [
    {
      name: 'no remote entries: the host name is never asked for',
      input: { hostname: 'a.devbox.example.com', slice: { allowed_sandbox_modes: ['read-only'] } },
      expected: { modes: ['read-only'], calls: 0 },
    },
    {
      name: 'an empty remote list: the host name is never asked for',
      input: {
        hostname: 'a.devbox.example.com',
        slice: { allowed_sandbox_modes: ['read-only'], remote_sandbox_config: [] },
      },
      expected: { modes: ['read-only'], calls: 0 },
    },
    {
      name: 'a matching entry replaces the layer list',
      input: {
        hostname: 'a.devbox.example.com',
        slice: { allowed_sandbox_modes: ['read-only'], remote_sandbox_config: [devbox] },
      },
      expected: { modes: ['read-only', 'workspace-write'], calls: 1, selected: 'remote_sandbox_config[0]' },
    },
    {
      name: 'a matching entry sets the list when the layer had none',
      input: { hostname: 'runner-42.ci.example.com', slice: { remote_sandbox_config: [devbox, runner] } },
      expected: { modes: ['read-only', 'danger-full-access'], calls: 1, selected: 'remote_sandbox_config[1]' },
    },
    {
      name: 'the first matching entry in file order wins',
      input: { hostname: 'x.devbox.example.com', slice: { remote_sandbox_config: [anyHost, devbox] } },
      expected: { modes: ['read-only', 'external-sandbox'], calls: 1, selected: 'remote_sandbox_config[0]' },
    },
    {
      name: 'matching is case-insensitive and ignores the trailing dot',
      input: { hostname: 'Box-1.DEVBOX.Example.com.', slice: { remote_sandbox_config: [devbox] } },
      expected: { modes: ['read-only', 'workspace-write'], calls: 1, selected: 'remote_sandbox_config[0]' },
    },
    {
      name: 'no match leaves the layer list unchanged',
      input: {
        hostname: 'laptop.corp.example.com',
        slice: { allowed_sandbox_modes: ['read-only'], remote_sandbox_config: [devbox, runner] },
      },
      expected: { modes: ['read-only'], calls: 1 },
    },
    {
      name: 'no match and no layer list leaves the field unset',
      input: { hostname: 'laptop.corp.example.com', slice: { remote_sandbox_config: [devbox] } },
      expected: { modes: undefined, calls: 1 },
    },
    {
      name: 'no host name leaves the layer unchanged',
      input: { hostname: undefined, slice: { allowed_sandbox_modes: ['read-only'], remote_sandbox_config: [anyHost] } },
      expected: { modes: ['read-only'], calls: 1 },
    },
    {
      name: 'a blank host name leaves the layer unchanged',
      input: { hostname: '  ', slice: { allowed_sandbox_modes: ['read-only'], remote_sandbox_config: [anyHost] } },
      expected: { modes: ['read-only'], calls: 1 },
    },
    {
      name: 'a host name that normalizes to nothing leaves the layer unchanged',
      input: { hostname: ' . ', slice: { allowed_sandbox_modes: ['read-only'], remote_sandbox_config: [anyHost] } },
      expected: { modes: ['read-only'], calls: 1 },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics, hostnameCalls } = parseSlice(provider, input.slice, { hostname: input.hostname });
    expect(requirement.allowed_sandbox_modes).toEqual(expected.modes);
    expect(hostnameCalls).toBe(expected.calls);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const notices = diagnostics.filter((d) => d.severity === 'info');
    expect(notices.map((d) => d.key)).toEqual(expected.selected ? [expected.selected] : []);
  });

  it('the selection notice names the host and the pattern that matched', () => {
    const { diagnostics } = parseSlice(
      provider,
      { remote_sandbox_config: [runner] },
      { hostname: 'runner-07.ci.example.com' },
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        kind: 'replaced-default',
        severity: 'info',
        message: expect.stringMatching(/"runner-07\.ci\.example\.com" matches "runner-\?\?\.ci\.example\.com"/),
      }),
    ]);
  });
});
