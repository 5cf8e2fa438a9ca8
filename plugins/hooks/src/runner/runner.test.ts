import { running } from './process.test-helper.js';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lawSeed } from '@ratchet/testkit';
import type { GroupView, Handler } from '../config.js';
import { EVENTS, MATCHED_EVENTS, type HookEvent } from '../events.js';
import type { HookMap } from '../provider.js';
import type { HookOutcome } from './outcome.js';
import { aggregate, HookRunner } from './runner.js';

const dir = mkdtempSync(join(tmpdir(), 'hooks-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let scripts = 0;
/** Writes an executable shell script into the temp dir and returns its path. */
function script(body: string): string {
  const path = join(dir, `hook-${++scripts}.sh`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return path;
}

const cmd = (command: string, timeout = 10, extra: Partial<Handler> = {}): Handler => ({
  type: 'command',
  command,
  timeout,
  ...extra,
});
let groups = 0;
const group = (hooks: Handler[], over: Partial<GroupView> = {}): GroupView => ({
  hooks,
  source: '/etc/codex/hooks',
  managed: false,
  key: `/cfg:g:${groups++}`,
  ...over,
});
const runner = (hooks: HookMap, options = {}) => new HookRunner(hooks, { cwd: dir, ...options });
const bash = { tool: 'Bash' } as const;

async function gone(pids: readonly number[], withinMs = 1000): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (pids.some(running)) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

describe('HookRunner.run: one hook at a time (real processes)', () => {
  it('a hook that exits 0 with no output allows (no effect)', async () => {
    const r = await runner({ PreToolUse: [group([cmd('exit 0')])] }).run(
      'PreToolUse',
      { tool_input: { command: 'ls' } },
      bash,
    );
    expect(r).toMatchObject({ event: 'PreToolUse', decision: 'none', systemMessages: [], additionalContext: [] });
    expect(r.hooks).toHaveLength(1);
    expect(r.hooks[0]).toMatchObject({
      exitCode: 0,
      timedOut: false,
      outcome: { kind: 'none' },
      command: 'exit 0',
      managed: false,
      source: '/etc/codex/hooks',
    });
    expect(r.hooks[0]?.key).toMatch(/:0$/);
  });

  it('exit 2 blocks with the stderr reason', async () => {
    const hook = script('cat >/dev/null\necho "rm -rf is not allowed" >&2\nexit 2');
    const r = await runner({ PreToolUse: [group([cmd(hook)])] }).run('PreToolUse', {}, bash);
    expect(r).toMatchObject({ decision: 'block', reason: 'rm -rf is not allowed' });
    expect(r.hooks[0]?.outcome).toEqual({ kind: 'block', reason: 'rm -rf is not allowed' });
  });

  it('a PreToolUse deny decision on stdout blocks', async () => {
    const json = JSON.stringify({
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: 'no network',
      },
    });
    const r = await runner({ PreToolUse: [group([cmd(`printf '%s' '${json}'`)])] }).run('PreToolUse', {}, bash);
    expect(r).toMatchObject({ decision: 'block', reason: 'no network' });
  });

  it('a hook sleeping past its timeout is killed with its children, quickly', async () => {
    const pids = join(dir, 'sleeper.pids');
    const hook = script(`sleep 30 &\necho $$ $! > '${pids}'\nsleep 30`);
    const started = Date.now();
    const r = await runner({ PreToolUse: [group([cmd(hook, 1)])] }).run('PreToolUse', {}, bash);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(10_000); // far below the 30 s sleep: the kill worked
    expect(r.decision).toBe('none');
    expect(r.hooks[0]).toMatchObject({
      timedOut: true,
      exitCode: null,
      signal: 'SIGKILL',
      outcome: { kind: 'failed', message: 'hook timed out after 1s' },
    });
    const [shell, grandchild] = readFileSync(pids, 'utf8').trim().split(' ').map(Number) as [number, number];
    expect(await gone([shell, grandchild])).toBe(true);
  });

  it('a crashing hook fails open: failed, not blocked', async () => {
    const r = await runner({ PreToolUse: [group([cmd('echo boom >&2; exit 1')])] }).run('PreToolUse', {}, bash);
    expect(r.decision).toBe('none');
    expect(r.hooks[0]).toMatchObject({
      exitCode: 1,
      stderr: 'boom\n',
      outcome: { kind: 'failed', message: 'hook exited with code 1' },
    });
  });

  it('garbage on stdout: plain text is ignored, JSON-looking garbage fails', async () => {
    const r = await runner({
      PreToolUse: [group([cmd('echo "all good, carry on"'), cmd(`printf '{"decision": "blo'`)])],
    }).run('PreToolUse', {}, bash);
    expect(r.decision).toBe('none');
    expect(r.hooks.map((h) => h.outcome)).toEqual([
      { kind: 'none' },
      { kind: 'failed', message: 'hook returned invalid pre-tool-use JSON output' },
    ]);
  });

  it('a hook flooding stdout neither hangs nor keeps it all', async () => {
    const r = await runner({ PostToolUse: [group([cmd('yes | head -c 50000000')])] }).run('PostToolUse', {}, bash);
    expect(r.hooks[0]).toMatchObject({ exitCode: 0, timedOut: false, truncated: true, outcome: { kind: 'none' } });
    expect(r.hooks[0]?.stdout.length).toBe(1024 * 1024);
  }, 20_000);

  it('sends the payload with hook_event_name, tool_name and cwd on stdin', async () => {
    const file = join(dir, 'stdin.json');
    await runner({ PreToolUse: [group([cmd(`cat > '${file}'`)])] }).run(
      'PreToolUse',
      { session_id: 's1', tool_input: { command: 'ls' } },
      bash,
    );
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      session_id: 's1',
      tool_input: { command: 'ls' },
      hook_event_name: 'PreToolUse',
      tool_name: 'Bash',
      cwd: dir,
    });
  });
});

describe('HookRunner.run: several hooks', () => {
  it('runs all matching hooks concurrently', async () => {
    // A barrier: each hook marks itself, then waits until all four have; run one after another, the first would
    // give up waiting and fail. No clock is read.
    const barrier = mkdtempSync(join(dir, 'barrier-'));
    const hooks = [1, 2, 3, 4].map((i) =>
      cmd(
        `touch '${barrier}/${i}'; for n in $(seq 100); do [ "$(ls '${barrier}' | wc -l)" -ge 4 ] && exit 0; sleep 0.1; done; exit 1`,
        20,
      ),
    );
    const r = await runner({ Stop: [group(hooks.slice(0, 2)), group(hooks.slice(2))] }).run('Stop', {});
    expect(r.hooks).toHaveLength(4);
    expect(r.hooks.map((h) => h.exitCode)).toEqual([0, 0, 0, 0]);
  }, 30_000);

  it('reports hooks in hook order and the first block in that order, whichever finishes first', async () => {
    const map = {
      UserPromptSubmit: [
        group([cmd('sleep 0.4; echo first >&2; exit 2')], { managed: true }),
        group([cmd('echo second >&2; exit 2')]),
      ],
    };
    const r = await runner(map).run('UserPromptSubmit', { prompt: 'hi' });
    expect(r).toMatchObject({ decision: 'block', reason: 'first' });
    expect(r.hooks.map((h) => h.managed)).toEqual([true, false]);
  });

  it('one blocking hook blocks even when the others allow or fail', async () => {
    const r = await runner({
      PreToolUse: [group([cmd('exit 0'), cmd('exit 1'), cmd('echo no >&2; exit 2'), cmd('echo ok')])],
    }).run('PreToolUse', {}, bash);
    expect(r).toMatchObject({ decision: 'block', reason: 'no' });
    expect(r.hooks.map((h) => h.outcome.kind)).toEqual(['none', 'failed', 'block', 'none']);
  });

  it('PermissionRequest: an allow allows, a deny beats it', async () => {
    const allow = `echo '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"allow"}}}'`;
    const deny = `echo '{"hookSpecificOutput":{"hookEventName":"PermissionRequest","decision":{"behavior":"deny","message":"not here"}}}'`;
    expect(
      (await runner({ PermissionRequest: [group([cmd(allow)])] }).run('PermissionRequest', {}, bash)).decision,
    ).toBe('allow');
    expect(
      await runner({ PermissionRequest: [group([cmd(allow), cmd(deny)])] }).run('PermissionRequest', {}, bash),
    ).toMatchObject({ decision: 'block', reason: 'not here' });
  });

  it('PreToolUse rewrites: the hook that finished last wins; none when blocked', async () => {
    const rewrite = (c: string) =>
      `echo '{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"allow","updatedInput":{"command":"${c}"}}}'`;
    // The slow hook sleeps long enough to finish last even when starting processes is slow on a loaded machine.
    const slowFirst = [cmd(`sleep 2; ${rewrite('slow')}`), cmd(rewrite('fast'))];
    const r = await runner({ PreToolUse: [group(slowFirst)] }).run('PreToolUse', {}, bash);
    expect(r).toMatchObject({ decision: 'none', updatedInput: { command: 'slow' } });
    const blocked = await runner({ PreToolUse: [group([...slowFirst, cmd('echo no >&2; exit 2')])] }).run(
      'PreToolUse',
      {},
      bash,
    );
    expect(blocked.decision).toBe('block');
    expect(blocked.updatedInput).toBeUndefined();
  });

  it('collects system messages and model context in hook order', async () => {
    const ctx = (t: string) =>
      `echo '{"systemMessage":"warn ${t}","hookSpecificOutput":{"hookEventName":"SessionStart","additionalContext":"ctx ${t}"}}'`;
    const r = await runner({
      SessionStart: [group([cmd(`sleep 0.2; ${ctx('a')}`), cmd(ctx('b')), cmd('echo plain context')])],
    }).run('SessionStart', {}, { source: 'startup' });
    expect(r.systemMessages).toEqual(['warn a', 'warn b']);
    expect(r.additionalContext).toEqual(['ctx a', 'ctx b', 'plain context']);
  });

  it('async hooks run but never decide', async () => {
    const marker = join(dir, 'async.ran');
    const r = await runner({
      Stop: [group([cmd(`touch '${marker}'; echo later >&2; exit 2`, 10, { async: true })])],
    }).run('Stop', {});
    expect(existsSync(marker)).toBe(true);
    expect(r.decision).toBe('none');
    expect(r.hooks[0]).toMatchObject({ async: true, outcome: { kind: 'block', reason: 'later' } });
  });

  it('prompt and agent hooks are listed as skipped, not run', async () => {
    const r = await runner({ Stop: [group([{ type: 'prompt' }, cmd('exit 0'), { type: 'agent' }])] }).run('Stop', {});
    expect(r.hooks.map((h) => h.skipped)).toEqual([
      'prompt hooks are not supported yet',
      undefined,
      'agent hooks are not supported yet',
    ]);
    expect(r.decision).toBe('none');
  });

  it('uses command_windows on win32 and command elsewhere', async () => {
    const h = cmd('echo unix >&2; exit 2', 5, { command_windows: 'echo windows >&2; exit 2' });
    expect((await runner({ Stop: [group([h])] }, { platform: 'win32' }).run('Stop', {})).reason).toBe('windows');
    expect((await runner({ Stop: [group([h])] }, { platform: 'linux' }).run('Stop', {})).reason).toBe('unix');
  });

  it('runs nothing when disabled', async () => {
    const marker = join(dir, 'disabled.ran');
    const r = runner({ PreToolUse: [group([cmd(`touch '${marker}'; exit 2`)])] }, { enabled: false });
    expect(r.matching('PreToolUse', 'Bash')).toEqual([]);
    expect(await r.run('PreToolUse', {}, bash)).toEqual({
      event: 'PreToolUse',
      decision: 'none',
      hooks: [],
      systemMessages: [],
      additionalContext: [],
    });
    expect(existsSync(marker)).toBe(false);
  });
});

describe('HookRunner.matching (spec 2.5)', () => {
  const g = (matcher: string | undefined, managed = false) =>
    group([cmd('exit 0')], { ...(matcher !== undefined && { matcher }), managed });
  const keys = (r: HookRunner, event: HookEvent, target?: string) =>
    r.matching(event, target).map((m) => m.group.matcher ?? '<none>');

  it('tool events match the tool name: exact lists, unanchored regexes, *, empty and none', () => {
    const r = runner({
      PreToolUse: [g('Bash'), g('Edit|Write'), g('^Bash'), g('^Bash$'), g('*'), g(''), g(undefined), g('mcp__memory')],
    });
    expect(keys(r, 'PreToolUse', 'Bash')).toEqual(['Bash', '^Bash', '^Bash$', '*', '', '<none>']);
    expect(keys(r, 'PreToolUse', 'BashOutput')).toEqual(['^Bash', '*', '', '<none>']);
    expect(keys(r, 'PreToolUse', 'Write')).toEqual(['Edit|Write', '*', '', '<none>']);
    expect(keys(r, 'PreToolUse', 'mcp__memory__create_entities')).toEqual(['*', '', '<none>']);
    expect(keys(r, 'PreToolUse')).toEqual(['*', '', '<none>']);
  });

  it('PermissionRequest and PostToolUse match tools too; SessionStart matches the source', () => {
    const r = runner({
      PermissionRequest: [g('Bash')],
      PostToolUse: [g('Edit')],
      SessionStart: [g('startup|resume'), g('clear')],
    });
    expect(keys(r, 'PermissionRequest', 'Bash')).toEqual(['Bash']);
    expect(keys(r, 'PostToolUse', 'Bash')).toEqual([]);
    expect(keys(r, 'SessionStart', 'resume')).toEqual(['startup|resume']);
    expect(keys(r, 'SessionStart', 'clear')).toEqual(['clear']);
  });

  it('other events have no matchers: every group runs', () => {
    for (const event of EVENTS.filter((e) => !MATCHED_EVENTS.has(e))) {
      const r = runner({ [event]: [g(undefined), g(undefined)] });
      expect(keys(r, event, 'Bash')).toHaveLength(2);
      expect(keys(r, event)).toHaveLength(2);
    }
    expect(EVENTS.filter((e) => !MATCHED_EVENTS.has(e))).toEqual([
      'PreModelRequest',
      'PostModelRequest',
      'UserPromptSubmit',
      'Stop',
      'Interrupt',
    ]);
  });

  it('SessionEnd, PreCompact and the subagent events match the reason, trigger or agent type', () => {
    const r = runner({
      SessionEnd: [g('logout'), g('clear|exit')],
      PreCompact: [g('manual'), g('auto')],
      SubagentStart: [g('worker')],
    });
    expect(keys(r, 'SessionEnd', 'exit')).toEqual(['clear|exit']);
    expect(keys(r, 'PreCompact', 'auto')).toEqual(['auto']);
    expect(keys(r, 'SubagentStart', 'reviewer')).toEqual([]);
  });

  it('returns command handlers only, with their keys; user state disables only unmanaged hooks', () => {
    const managed = group([cmd('a'), { type: 'prompt' }, cmd('b')], { managed: true, key: 'req:pre_tool_use:0' });
    const user = group([cmd('c'), cmd('d')], { key: 'cfg:pre_tool_use:0' });
    const state = { 'req:pre_tool_use:0:0': { enabled: false }, 'cfg:pre_tool_use:0:1': { enabled: false } };
    const m = runner({ PreToolUse: [managed, user], state }).matching('PreToolUse', 'Bash');
    expect(m.map((x) => [x.key, x.handler.command])).toEqual([
      ['req:pre_tool_use:0:0', 'a'],
      ['req:pre_tool_use:0:2', 'b'],
      ['cfg:pre_tool_use:0:0', 'c'],
    ]);
  });

  it('run matches the tool from options, else payload.tool_name', async () => {
    const r = runner({ PreToolUse: [g('Bash'), group([cmd('echo edit >&2; exit 2')], { matcher: 'Edit' })] });
    expect((await r.run('PreToolUse', { tool_name: 'Edit' })).reason).toBe('edit');
    expect((await r.run('PreToolUse', { tool_name: 'Edit' }, bash)).hooks).toHaveLength(1);
  });
});

const seed = lawSeed();
describe(`aggregate (fast-check seed ${seed})`, () => {
  const params = { seed, numRuns: 300 };
  const text = fc.string({ maxLength: 8 });
  const outcome: fc.Arbitrary<HookOutcome> = fc.oneof(
    fc.constant({ kind: 'none' as const }),
    text.map((reason) => ({ kind: 'block' as const, reason })),
    fc.constant({ kind: 'allow' as const }),
    text.map((message) => ({ kind: 'failed' as const, message })),
  );
  const event = fc.constantFrom(...EVENTS);
  const outcomes = fc.array(outcome, { maxLength: 8 });

  it('adding a blocking hook anywhere gives block, never allow', () => {
    fc.assert(
      fc.property(event, outcomes, text, fc.nat(), (e, os, reason, at) => {
        const with_ = [...os];
        with_.splice(at % (os.length + 1), 0, { kind: 'block', reason });
        expect(aggregate(e, with_).decision).toBe('block');
      }),
      params,
    );
  });

  it('the order of outcomes never changes the decision', () => {
    fc.assert(
      fc.property(
        event,
        outcomes.chain((os) =>
          fc.tuple(fc.constant(os), fc.shuffledSubarray(os, { minLength: os.length, maxLength: os.length })),
        ),
        (e, [os, shuffled]) => {
          expect(aggregate(e, shuffled).decision).toBe(aggregate(e, os).decision);
        },
      ),
      params,
    );
  });

  it('failures never decide (fail open), and only PermissionRequest can allow', () => {
    fc.assert(
      fc.property(event, outcomes, text, (e, os, message) => {
        expect(aggregate(e, [...os, { kind: 'failed', message }]).decision).toBe(aggregate(e, os).decision);
        if (e !== 'PermissionRequest') expect(aggregate(e, os).decision).not.toBe('allow');
      }),
      params,
    );
  });

  it('the reason is the first block in hook order', () => {
    fc.assert(
      fc.property(event, outcomes, (e, os) => {
        const first = os.find((o) => o.kind === 'block');
        expect(aggregate(e, os)).toEqual(
          first
            ? { decision: 'block', reason: first.reason }
            : { decision: e === 'PermissionRequest' && os.some((o) => o.kind === 'allow') ? 'allow' : 'none' },
        );
      }),
      params,
    );
  });
});
