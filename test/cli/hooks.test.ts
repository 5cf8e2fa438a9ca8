import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { fileScopedDir, lines, parseJson, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-hooks-');
const script = (name: string, body: string) => {
  const path = dir.write(name, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
};

const guard = script(
  'guard.sh',
  'payload=$(cat)\ncase "$payload" in *"rm -rf"*) echo "rm -rf is not allowed here" >&2; exit 2;; esac\nexit 0',
);
const audit = script('audit.sh', 'cat > /dev/null\necho "{\\"systemMessage\\": \\"audited\\"}"');
const pidFile = `${dir.path}/sleeper.pid`;
const sleeper = script('sleeper.sh', `cat > /dev/null\necho $$ > ${pidFile}\nsleep 30 &\necho $! >> ${pidFile}\nwait`);

const requirements = (extra = '') =>
  dir.write(
    `req-${Math.random().toString(36).slice(2)}.toml`,
    `${extra}
[features]
hooks = true

[hooks]
managed_dir = "${dir.path}"

[[hooks.PreToolUse]]
matcher = "^Bash$"

[[hooks.PreToolUse.hooks]]
type = "command"
command = "${guard}"
timeout = 10
`,
  );
const userConfig = dir.write(
  'config.toml',
  `[features]
hooks = false

[[hooks.PreToolUse]]
matcher = "Bash"

[[hooks.PreToolUse.hooks]]
type = "command"
command = "${audit}"
`,
);

/** No such process, or only a zombie left in the table (here nothing reaps orphans, so a killed child lingers as one). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .startsWith('Z');
  } catch {
    return true;
  }
}

interface RunJson {
  decision: string;
  reason?: string;
  hooks: {
    key: string;
    managed: boolean;
    source: string;
    exitCode: number | null;
    timedOut: boolean;
    durationMs: number;
    outcome: { kind: string };
  }[];
  systemMessages: string[];
}
const run = async (args: string[]) => parseJson<RunJson>(await runRatchet(['hooks', 'run', ...args, '--json']));

describe.concurrent('ratchet hooks run', () => {
  it('runs the managed hook (kept on by the pin) and the user hook; exit 2 blocks with stderr as the reason', async ({
    expect,
  }) => {
    const out = await run([
      'PreToolUse',
      '--tool',
      'Bash',
      '--payload',
      '{"tool_input":{"command":"rm -rf /"}}',
      '--requirements',
      requirements(),
      '--config',
      userConfig,
    ]);
    expect(out.decision).toBe('block');
    expect(out.reason).toBe('rm -rf is not allowed here');
    expect(out.hooks.map((h) => [h.managed, h.exitCode, h.outcome.kind])).toEqual([
      [true, 2, 'block'],
      [false, 0, 'none'],
    ]);
    expect(out.systemMessages).toEqual(['audited']);
  });

  it('lets a harmless command through', async ({ expect }) => {
    const out = await run([
      'PreToolUse',
      '--tool',
      'Bash',
      '--payload',
      '{"tool_input":{"command":"ls"}}',
      '--requirements',
      requirements(),
      '--config',
      userConfig,
    ]);
    expect(out.decision).toBe('none');
  });

  it('runs no hook for a tool the matchers do not name', async ({ expect }) => {
    const out = await run(['PreToolUse', '--tool', 'Edit', '--requirements', requirements(), '--config', userConfig]);
    expect(out.hooks).toEqual([]);
  });

  it('drops the user hook under allow_managed_hooks_only', async ({ expect }) => {
    const out = await run([
      'PreToolUse',
      '--tool',
      'Bash',
      '--requirements',
      requirements('allow_managed_hooks_only = true'),
      '--config',
      userConfig,
    ]);
    expect(out.hooks.map((h) => h.managed)).toEqual([true]);
  });

  it('kills a hook past its timeout, with its children, and says so', async ({ expect }) => {
    const req = dir.write(
      'sleepy.toml',
      `[hooks]\n[[hooks.Stop]]\n[[hooks.Stop.hooks]]\ntype = "command"\ncommand = "${sleeper}"\ntimeout = 1\n`,
    );
    const started = Date.now();
    const out = await run(['Stop', '--requirements', req, '--config', dir.write('none.toml', '')]);
    // Far below the 30 s the hook would sleep: the kill worked (the timing itself is measured by hand, not here).
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(out.hooks[0]).toMatchObject({ timedOut: true, outcome: { kind: 'failed' } });
    const pids = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(gone(pid), `process ${pid} survived`).toBe(true);
  });

  it('prints each hook as text', async ({ expect }) => {
    const result = await runRatchet([
      'hooks',
      'run',
      'PreToolUse',
      '--tool',
      'Bash',
      '--payload',
      '{"tool_input":{"command":"rm -rf x"}}',
      '--requirements',
      requirements(),
      '--config',
      userConfig,
    ]);
    expect(result.status).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe('decision: block (rm -rf is not allowed here)');
    expect(out[1]).toMatch(
      /^ {2}block +.*:pre_tool_use:0:0 +\(managed, .*req-.*\.toml\) +exit 2, \d+ ms: rm -rf is not allowed here$/,
    );
  });

  it("reads the hooks.json beside config.toml, as Codex does, before that file's own [hooks]", async ({ expect }) => {
    mkdirSync(`${dir.path}/home`, { recursive: true });
    const config = dir.write('home/config.toml', readFileSync(userConfig, 'utf8'));
    dir.write(
      'home/hooks.json',
      JSON.stringify({
        hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: audit, timeout: 5 }] }] },
      }),
    );
    const result = await runRatchet([
      'hooks',
      'run',
      'PreToolUse',
      '--tool',
      'Bash',
      '--payload',
      '{"tool_input":{"command":"ls"}}',
      '--requirements',
      requirements(),
      '--config',
      config,
      '--json',
    ]);
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as RunJson;
    expect(out.hooks.map((h) => [h.key, h.managed])).toEqual([
      [`${dir.path}:pre_tool_use:0:0`, true],
      [`${dir.path}/home/hooks.json:pre_tool_use:0:0`, false],
      [`${config}:pre_tool_use:0:0`, false],
    ]);
    expect(result.stderr).toContain('prefer a single representation');
  });

  it('refuses an unknown event or a payload that is not a JSON object, exit 2', async ({ expect }) => {
    const bad = await runRatchet(['hooks', 'run', 'BeforeEverything']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('PreToolUse');
    const payload = await runRatchet(['hooks', 'run', 'Stop', '--payload', '[1]', '--no-default-sources']);
    expect(payload.status).toBe(2);
    expect(payload.stderr).toContain('JSON object');
  });
});
