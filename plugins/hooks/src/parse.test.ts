import { describe, expect, it } from 'vitest';
import { combineLayers, DiagnosticBag, type Table } from '@ratchet/core';
import { parseSlice } from '@ratchet/testkit';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import type { Handler, HookGroup } from './config.js';
import { hooksProvider } from './provider.js';
import { activeDirField, pathsOutside, type HooksRequirement } from './requirements.js';

const provider = hooksProvider();
const parse = (hooks: Table, extra: Table = {}, label = 'req.toml') =>
  parseSlice(provider, { hooks, ...extra }, { source: { kind: 'file', label } });
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', provider: 'hooks', ...expected });
const groups = (hooks: Table) => parse(hooks).requirement.hooks?.groups;
const group = (event: string, ...handlers: Table[]) => ({ [event]: [{ matcher: 'Bash', hooks: handlers }] });
const SCRIPT = { type: 'command', command: '/enterprise/hooks/check.sh' };

/** Requirements layers combined (highest first), as the engine composes them, then validated. */
function validate(layers: { label: string; hooks: Table }[]) {
  const parsed = layers.map(({ label, hooks }) => ({
    source: { kind: 'file', label } as const,
    requirement: parse(hooks, {}, label).requirement,
  }));
  const bag = new DiagnosticBag('req.toml', 'hooks');
  provider.validate(combineLayers(provider, parsed), bag.report);
  return bag.items;
}

describe('hooks parse: requirements [hooks] into managed groups', () => {
  it('the docs example: every event into keyed groups, directories kept', () => {
    const { requirement, diagnostics } = parse(
      {
        managed_dir: '/enterprise/hooks',
        windows_managed_dir: 'C:\\enterprise\\hooks',
        PreToolUse: [
          {
            matcher: '^Bash$',
            hooks: [
              {
                type: 'command',
                command: 'python3 /enterprise/hooks/pre_tool_use_policy.py',
                command_windows: 'py -3 C:\\enterprise\\hooks\\pre_tool_use_policy.py',
                timeout: 30,
                statusMessage: 'Checking managed Bash command',
              },
            ],
          },
        ],
        Stop: [{ hooks: [SCRIPT] }, { hooks: [{ ...SCRIPT, async: true }] }],
      },
      { allow_managed_hooks_only: true },
    );
    expect(diagnostics).toEqual([]);
    expect(requirement).toStrictEqual<HooksRequirement>({
      hooks: {
        groups: [
          {
            event: 'PreToolUse',
            matcher: '^Bash$',
            source: 'req.toml',
            managed: true,
            key: '/enterprise/hooks:pre_tool_use:0',
            position: 0,
            hooks: [
              {
                type: 'command',
                command: 'python3 /enterprise/hooks/pre_tool_use_policy.py',
                command_windows: 'py -3 C:\\enterprise\\hooks\\pre_tool_use_policy.py',
                timeout: 30,
                statusMessage: 'Checking managed Bash command',
              },
            ],
          },
          {
            event: 'Stop',
            hooks: [{ type: 'command', command: '/enterprise/hooks/check.sh', timeout: 600 }],
            source: 'req.toml',
            managed: true,
            key: '/enterprise/hooks:stop:0',
            position: 0,
          },
          {
            event: 'Stop',
            hooks: [{ type: 'command', command: '/enterprise/hooks/check.sh', timeout: 600, async: true }],
            source: 'req.toml',
            managed: true,
            key: '/enterprise/hooks:stop:1',
            position: 1,
          },
        ],
        dirs: [
          {
            managed_dir: '/enterprise/hooks',
            windows_managed_dir: 'C:\\enterprise\\hooks',
            source: 'req.toml',
            sizes: { PreToolUse: 1, Stop: 2 },
          },
        ],
      },
      allow_managed_hooks_only: true,
    });
  });

  it('keys start with the source label when managed_dir is missing or relative', () => {
    expect(groups(group('PreToolUse', SCRIPT))![0]!.key).toBe('req.toml:pre_tool_use:0');
    expect(groups({ managed_dir: 'hooks', ...group('SessionStart', SCRIPT) })![0]!.key).toBe(
      'req.toml:session_start:0',
    );
    expect(activeDirField('linux')).toBe('managed_dir');
    expect(activeDirField('win32')).toBe('windows_managed_dir');
  });

  it('a [hooks] with only managed_dir has no groups; allow_managed_hooks_only = false is still set', () => {
    expect(parse({ managed_dir: '/enterprise/hooks' }, { allow_managed_hooks_only: false })).toMatchObject({
      requirement: {
        hooks: { groups: [], dirs: [{ managed_dir: '/enterprise/hooks', source: 'req.toml' }] },
        allow_managed_hooks_only: false,
      },
      diagnostics: [],
    });
  });

  it('timeout defaults to 600 seconds and is at least 1', () => {
    const hooks = groups(group('PreToolUse', SCRIPT, { ...SCRIPT, timeout: 0 }, { ...SCRIPT, timeout: 5 }))![0]!.hooks;
    expect(hooks.map((h) => (h.type === 'command' ? h.timeout : undefined))).toEqual([600, 1, 5]);
  });

  it('timeoutSec is not read, as in Codex 0.171: warned about, the default holds', () => {
    const parsed = parse(group('PreToolUse', { ...SCRIPT, timeoutSec: 5 }));
    expect(parsed.requirement.hooks?.groups[0]!.hooks[0]).toMatchObject({ timeout: 600 });
    expect(parsed.diagnostics).toEqual([
      like({ kind: 'unknown-key', severity: 'warning', key: 'hooks.PreToolUse[0].hooks[0].timeoutSec' }),
    ]);
  });

  it('prompt and agent handlers are accepted as they are', () => {
    expect(groups(group('Stop', { type: 'prompt' }, { type: 'agent' }))![0]!.hooks).toEqual([
      { type: 'prompt' },
      { type: 'agent' },
    ]);
  });

  it('print then parse gives the same requirement', () => {
    const once = parse({
      managed_dir: '/enterprise/hooks',
      ...group('PreToolUse', { ...SCRIPT, timeout: 3, statusMessage: 'x' }),
      Stop: [{ hooks: [] }],
    }).requirement;
    const again = parseSlice(provider, provider.print(once));
    expect(again.diagnostics).toEqual([]);
    expect(again.requirement).toStrictEqual(once);
  });
});

describe('hooks parse: warnings and errors', () => {
  const cases: { name: string; input: Table; expected: Expected[]; kept?: Partial<HookGroup>[] }[] = [
    {
      name: 'an unknown handler type is an error naming it',
      input: group('PreToolUse', { type: 'http', url: 'https://x' }),
      expected: [
        { kind: 'unknown-key', severity: 'warning', key: 'hooks.PreToolUse[0].hooks[0].url' },
        {
          kind: 'unknown-value',
          severity: 'error',
          key: 'hooks.PreToolUse[0].hooks[0].type',
          message: 'unknown hook type "http"',
        },
      ],
      kept: [{ key: 'req.toml:pre_tool_use:0', hooks: [] }],
    },
    {
      name: 'a handler without type',
      input: group('Stop', { command: '/x' }),
      expected: [{ kind: 'missing-key', severity: 'error', key: 'hooks.Stop[0].hooks[0].type' }],
      kept: [{ hooks: [] }],
    },
    {
      name: 'a command hook without command is an error',
      input: group('PreToolUse', { type: 'command', timeout: 3 }),
      expected: [
        {
          kind: 'missing-key',
          severity: 'error',
          key: 'hooks.PreToolUse[0].hooks[0].command',
          message: 'needs a command',
        },
      ],
      kept: [{ hooks: [] }],
    },
    {
      name: 'a blank command is skipped with a warning naming the source',
      input: group('PreToolUse', { type: 'command', command: '   ' }, SCRIPT),
      expected: [
        {
          kind: 'invalid-value',
          severity: 'warning',
          key: 'hooks.PreToolUse[0].hooks[0].command',
          message: 'skipping empty hook command in req.toml',
        },
      ],
      kept: [{ hooks: [{ type: 'command', command: '/enterprise/hooks/check.sh', timeout: 600 }] }],
    },
    {
      name: 'an invalid regex matcher on PreToolUse skips the group with a warning',
      input: {
        PreToolUse: [
          { matcher: '[', hooks: [SCRIPT] },
          { matcher: 'Edit|Write', hooks: [SCRIPT] },
        ],
      },
      expected: [
        {
          kind: 'invalid-value',
          severity: 'warning',
          key: 'hooks.PreToolUse[0].matcher',
          message: 'invalid matcher "[" in req.toml',
        },
      ],
      kept: [{ matcher: 'Edit|Write', key: 'req.toml:pre_tool_use:1' }],
    },
    {
      name: 'matchers on events without matchers are neither validated nor kept, as in Codex 0.171',
      input: {
        UserPromptSubmit: [{ matcher: '[', hooks: [SCRIPT] }],
        Stop: [{ matcher: '(', hooks: [SCRIPT] }],
        PreModelRequest: [{ matcher: 'Bash', hooks: [SCRIPT] }],
      },
      expected: [],
      kept: [{ event: 'UserPromptSubmit' }, { event: 'Stop' }, { event: 'PreModelRequest' }],
    },
    {
      name: 'matchers on SessionEnd, SubagentStart and PreCompact are validated',
      input: {
        SessionEnd: [{ matcher: '(', hooks: [SCRIPT] }],
        SubagentStart: [{ matcher: 'worker', hooks: [SCRIPT] }],
        PreCompact: [{ matcher: '[', hooks: [SCRIPT] }],
      },
      expected: [
        { kind: 'invalid-value', severity: 'warning', key: 'hooks.SessionEnd[0].matcher' },
        { kind: 'invalid-value', severity: 'warning', key: 'hooks.PreCompact[0].matcher' },
      ],
      kept: [{ event: 'SubagentStart', matcher: 'worker' }],
    },
    {
      name: 'SessionEnd and Interrupt handlers default to 1 second and are clamped to 3, with a warning',
      input: {
        SessionEnd: [{ hooks: [SCRIPT, { ...SCRIPT, timeout: 30 }] }],
        Interrupt: [
          {
            hooks: [
              { ...SCRIPT, timeout: 0 },
              { ...SCRIPT, timeout: 3 },
            ],
          },
        ],
      },
      expected: [
        {
          kind: 'normalized-value',
          severity: 'warning',
          key: 'hooks.SessionEnd[0].hooks[1].timeout',
          message: 'clamping SessionEnd hook timeout to 3s in',
        },
      ],
      kept: (['SessionEnd', 'Interrupt'] as const).map((event) => ({
        event,
        hooks: [1, 3].map((timeout) => expect.objectContaining({ timeout }) as Handler),
      })),
    },
    {
      name: 'StopFailure is not an event Codex 0.171 reads',
      input: { StopFailure: [{ hooks: [SCRIPT] }] },
      expected: [{ kind: 'unknown-key', severity: 'warning', key: 'hooks.StopFailure' }],
      kept: [],
    },
    {
      name: 'an unknown event key is warned about with the PascalCase suggestion',
      input: { pre_tool_use: [{ hooks: [SCRIPT] }] },
      expected: [
        {
          kind: 'unknown-key',
          severity: 'warning',
          key: 'hooks.pre_tool_use',
          message: '"pre_tool_use"',
          suggestion: 'did you mean "PreToolUse"?',
        },
      ],
      kept: [],
    },
    {
      name: 'an event that is not a list',
      input: { Stop: { hooks: [SCRIPT] } },
      expected: [{ kind: 'invalid-type', severity: 'error', key: 'hooks.Stop' }],
      kept: [],
    },
    {
      name: 'a timeout that is not a whole number',
      input: group('Stop', { ...SCRIPT, timeout: -1 }),
      expected: [{ kind: 'invalid-type', severity: 'error', key: 'hooks.Stop[0].hooks[0].timeout' }],
    },
    {
      name: 'async that is not a boolean',
      input: group('Stop', { ...SCRIPT, async: 'yes' }),
      expected: [{ kind: 'invalid-type', severity: 'error', key: 'hooks.Stop[0].hooks[0].async' }],
    },
    {
      name: 'managed_dir that is not a string',
      input: { managed_dir: 1 },
      expected: [{ kind: 'invalid-type', severity: 'error', key: 'hooks.managed_dir' }],
    },
  ];

  it.each(cases)('$name', ({ input, expected, kept }) => {
    const parsed = parse(input);
    expect(parsed.diagnostics).toEqual(expected.map(like));
    if (kept) expect(parsed.requirement.hooks?.groups).toEqual(kept.map((g) => expect.objectContaining(g) as unknown));
  });

  it('allow_managed_hooks_only must be a boolean', () => {
    const parsed = parseSlice(provider, { allow_managed_hooks_only: 'yes' });
    expect(parsed.diagnostics).toEqual([
      like({ kind: 'invalid-type', severity: 'error', key: 'allow_managed_hooks_only' }),
    ]);
    expect(parsed.requirement).toStrictEqual({});
  });

  it('[hooks] that is not a table', () => {
    expect(parseSlice(provider, { hooks: ['x'] }).diagnostics).toEqual([
      like({ kind: 'invalid-type', severity: 'error', key: 'hooks' }),
    ]);
  });
});

describe('hooks validate: managed directories across layers', () => {
  const layer = (label: string, dirs: Table, hooks: Table = {}) => ({ label, hooks: { ...dirs, ...hooks } });

  it('two layers naming different managed_dir fail, naming both sources and values', () => {
    expect(validate([layer('high.toml', { managed_dir: '/a' }), layer('low.toml', { managed_dir: '/b' })])).toEqual([
      like({
        kind: 'conflict',
        severity: 'error',
        key: 'hooks.managed_dir',
        message:
          'failed to compose requirements field `hooks.managed_dir` between high.toml and low.toml: `/a` conflicts with `/b`',
      }),
    ]);
  });

  it('equal values, one unset, or a different windows_managed_dir (off Windows) are fine', () => {
    expect(validate([layer('high.toml', { managed_dir: '/a' }), layer('low.toml', { managed_dir: '/a' })])).toEqual([]);
    expect(validate([layer('high.toml', {}), layer('low.toml', { managed_dir: '/a' })])).toEqual([]);
    expect(
      validate([
        layer('high.toml', { managed_dir: '/a', windows_managed_dir: 'C:\\a' }),
        layer('low.toml', { managed_dir: '/a', windows_managed_dir: 'D:\\b' }),
      ]),
    ).toEqual([]);
  });

  it('keys count on across layers that share the composed managed_dir, as Codex keys the composed list', () => {
    const combined = (layers: { label: string; hooks: Table }[]) =>
      combineLayers(
        provider,
        layers.map(({ label, hooks }) => ({
          source: { kind: 'file', label } as const,
          requirement: parse(hooks, {}, label).requirement,
        })),
      ).value.hooks!.groups.map((g) => g.key);
    const stop = (n: number) => ({ Stop: Array.from({ length: n }, () => ({ hooks: [SCRIPT] })) });
    const pre = {
      PreToolUse: [
        { matcher: '(', hooks: [SCRIPT] },
        { matcher: 'Bash', hooks: [SCRIPT] },
      ],
    };
    expect(
      combined([
        layer('cloud', { managed_dir: '/a' }, { ...stop(2), ...pre }),
        layer('system', { managed_dir: '/a' }, { ...stop(1), ...pre }),
      ]),
    ).toEqual(['/a:stop:0', '/a:stop:1', '/a:pre_tool_use:1', '/a:stop:2', '/a:pre_tool_use:3']);
    // A layer without a directory takes the composed one; with none absolute, each layer keeps its own source.
    expect(combined([layer('cloud', {}, stop(1)), layer('system', { managed_dir: '/a' }, stop(1))])).toEqual([
      '/a:stop:0',
      '/a:stop:1',
    ]);
    expect(combined([layer('cloud', {}, stop(1)), layer('system', { managed_dir: 'rel' }, stop(1))])).toEqual([
      'cloud:stop:0',
      'system:stop:0',
    ]);
  });

  it('a managed command naming a script outside the managed directory gives a warning', () => {
    const hooks = {
      PreToolUse: [
        {
          hooks: [
            { type: 'command', command: 'python3 /opt/policy.py' },
            { type: 'command', command: 'python3 /enterprise/hooks/ok.py' },
          ],
        },
      ],
    };
    expect(validate([layer('req.toml', { managed_dir: '/enterprise/hooks' }, hooks)])).toEqual([
      like({
        kind: 'invalid-value',
        severity: 'warning',
        key: 'hooks.PreToolUse',
        message: 'names /opt/policy.py, outside managed_dir /enterprise/hooks',
      }),
    ]);
    // Without an absolute managed_dir there is nothing to compare with.
    expect(validate([layer('req.toml', { managed_dir: 'hooks' }, hooks)])).toEqual([]);
  });
});

describe('pathsOutside', () => {
  const DIR = '/enterprise/hooks';
  it.each([
    ['/enterprise/hooks/check.sh', []],
    ['python3 /enterprise/hooks/policy.py --strict', []],
    ['/usr/bin/python3 /enterprise/hooks/policy.py', []],
    ['/usr/bin/env bash /enterprise/hooks/run.sh', []],
    ['/opt/check.sh', ['/opt/check.sh']],
    ['python3 /opt/policy.py', ['/opt/policy.py']],
    ['/enterprise/hooks/../bin/check.sh', ['/enterprise/hooks/../bin/check.sh']],
    ['python3 ../policy.py', ['../policy.py']],
    ['/enterprise/hooksevil/check.sh', ['/enterprise/hooksevil/check.sh']],
    ['echo hello', []],
  ])('%s', (command, outside) => {
    expect(pathsOutside(command, DIR)).toEqual(outside);
  });
});
