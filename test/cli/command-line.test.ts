// The command line people expect: help on every command, --version, did-you-mean, the `--` hint, decision exit codes,
// colour only where it belongs, output that fits the terminal, and shell completion — all from one command table.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'vitest';
import { ratchetBin, repoRoot } from '@ratchet/test-utils';
import { examples, expectInputError, fileScopedDir, lines, runRatchet } from './helpers.js';

/** A hang guard for runs of the command on a machine shared with other work, not a speed claim. */
const HANG_GUARD = { timeout: 120_000 };

const dir = fileScopedDir('ratchet-cli-command-line-');
const requirements = dir.write(
  'requirements.toml',
  `[rules]
prefix_rules = [
  { pattern = [{ token = "rm" }], decision = "forbidden", justification = "Use git clean -fd instead." },
  { pattern = [{ token = "git" }, { token = "push" }], decision = "prompt" },
]

[experimental_network]
denied_domains = ["evil.example.com"]
allowed_domains = ["*.example.com"]
`,
);
const userRules = dir.write('user.rules', 'prefix_rule(pattern = ["ls"], decision = "allow")\n');
const policy = ['--requirements', requirements, '--rules', userRules, '--config', dir.write('config.toml', '')];

/** Every command the main help lists: `check`, `mcp list`, ... (the words before the arguments). */
async function listedCommands(): Promise<string[]> {
  const { stdout } = await runRatchet(['--help']);
  const section = stdout.slice(stdout.indexOf('Commands:\n') + 10, stdout.indexOf('\n\n', stdout.indexOf('Commands:')));
  return section
    .split('\n')
    .filter((l) => /^ {2}[a-z]/.test(l))
    .map((l) =>
      l
        .trim()
        .split(/\s+/)
        .filter((w) => /^[a-z][a-z-]*$/.test(w))
        .slice(0, 2),
    )
    .map((words) => (['mcp', 'hooks', 'config'].includes(words[0]!) ? words.join(' ') : words[0]!));
}

// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b\[/;

describe.concurrent('help and version', HANG_GUARD, () => {
  it('--help and -h on every listed command: exit 0, its usage on stdout, nothing on stderr', async ({ expect }) => {
    const commands = await listedCommands();
    expect(commands).toEqual(
      expect.arrayContaining(['resolve', 'check', 'check-domain', 'mcp list', 'config set', 'validate', 'completion']),
    );
    // One at a time: a machine shared by other work must not run thirty processes at once.
    const runs = [];
    for (const c of commands) for (const flag of ['--help', '-h']) runs.push(await runRatchet([...c.split(' '), flag]));
    for (const [i, result] of runs.entries()) {
      const command = commands[Math.floor(i / 2)]!;
      expect(result.status, command).toBe(0);
      expect(result.stderr, command).toBe('');
      expect(result.stdout, command).toMatch(new RegExp(`^Usage: ratchet ${command}\\b`));
      expect(result.stdout, command).toContain('Exit status:');
    }
  });

  it("a command's help lists its flags and the exit statuses it adds", async ({ expect }) => {
    const check = await runRatchet(['check', '--help']);
    for (const text of ['--rules FILE', '--exit-code', '--requirements FILE', '-c, --override K=V', '--plugin MODULE'])
      expect(check.stdout).toContain(text);
    expect(check.stdout).toMatch(/^ {2}3 +with --exit-code: the decision is prompt$/m);
    expect(check.stdout).toMatch(/^ {2}4 +with --exit-code: the decision is forbidden$/m);
    expect(check.stdout).toMatch(/^ {2}2 +invalid input/m);
    const validate = await runRatchet(['validate', '--help']);
    expect(validate.stdout).toContain('--strict');
    expect(validate.stdout).toMatch(/^ {2}1 +with --strict: no error, but at least one warning$/m);
  });

  it('help after the options, and `ratchet help COMMAND`, and a group on its own', async ({ expect }) => {
    const after = await runRatchet(['resolve', '--json', '--help']);
    expect(after.status).toBe(0);
    expect(after.stdout).toMatch(/^Usage: ratchet resolve/);
    const topic = await runRatchet(['help', 'check-domain']);
    expect(topic.stdout).toMatch(/^Usage: ratchet check-domain HOST/);
    const group = await runRatchet(['mcp', '--help']);
    expect(group.status).toBe(0);
    expect(group.stdout).toMatch(/^Usage: ratchet mcp <list|check>/);
  });

  it('--help after -- belongs to the command being checked', async ({ expect }) => {
    const result = await runRatchet(['check', ...policy, '--', 'ls', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^decision: allow/);
  });

  it('--version prints the package version', async ({ expect }) => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'packages/cli/package.json'), 'utf8')) as {
      version: string;
    };
    const result = await runRatchet(['--version']);
    expect(result).toMatchObject({ status: 0, stderr: '', stdout: `ratchet ${version}\n` });
  });
});

describe.concurrent('mistakes get a suggestion', HANG_GUARD, () => {
  it('a misspelt command', async ({ expect }) => {
    const line = expectInputError(await runRatchet(['chek']), 'unknown command "chek"');
    expect(line).toContain('did you mean "check"?');
  });

  it('a misspelt subcommand names the right one and lists them', async ({ expect }) => {
    const line = expectInputError(await runRatchet(['mcp', 'lst']), 'unknown mcp subcommand "lst"');
    expect(line).toContain('did you mean "list"?');
    expect(line).toContain('subcommands: list');
  });

  it('a misspelt flag', async ({ expect }) => {
    const line = expectInputError(await runRatchet(['resolve', '--requirement', 'x.toml']), "'--requirement'");
    expect(line).toBe(
      "ratchet resolve: unknown option '--requirement' (did you mean --requirements?); run ratchet resolve --help",
    );
    const rules = expectInputError(await runRatchet(['check', '--rule', 'x', '--', 'ls']), "'--rule'");
    expect(rules).toContain('did you mean --rules?');
  });

  it("a command's options before -- get the hint to put it after --", async ({ expect }) => {
    const line = expectInputError(await runRatchet(['check', 'rm', '-rf', '/']), "unknown option '-r'");
    expect(line).toContain('put it after --: ratchet check -- rm -rf /');
    const long = expectInputError(await runRatchet(['check', ...policy, 'git', 'push', '--force']), "'--force'");
    expect(long).toContain('ratchet check -- git push --force');
    // With -- the same command is simply checked.
    const fixed = await runRatchet(['check', ...policy, '--', 'rm', '-rf', '/']);
    expect(fixed.status).toBe(0);
    expect(fixed.stdout).toMatch(/^decision: forbidden/);
  });
});

describe.concurrent('check --exit-code', HANG_GUARD, () => {
  const decide = (argv: readonly string[]) => runRatchet(['check', ...policy, '--exit-code', '--', ...argv]);

  it('0 for allow and none, 3 for prompt, 4 for forbidden; the answer is printed as usual', async ({ expect }) => {
    const [allow, none, prompt, forbidden] = await Promise.all([
      decide(['ls']),
      decide(['echo', 'hi']),
      decide(['git', 'push']),
      decide(['rm', '-rf', '/']),
    ]);
    expect([allow.status, none.status, prompt.status, forbidden.status]).toEqual([0, 0, 3, 4]);
    expect(allow.stdout).toMatch(/^decision: allow/);
    expect(none.stdout).toMatch(/^decision: none/);
    expect(prompt.stdout).toMatch(/^decision: prompt/);
    expect(forbidden.stdout).toMatch(/^decision: forbidden/);
  });

  it('with --json too; without --exit-code every decision exits 0', async ({ expect }) => {
    const json = await runRatchet(['check', ...policy, '--exit-code', '--json', '--', 'rm', 'x']);
    expect(json.status).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ decision: 'forbidden' });
    const plain = await runRatchet(['check', ...policy, '--', 'rm', 'x']);
    expect(plain.status).toBe(0);
  });

  it('bad input is still 2, never 3 or 4', async () => {
    const broken = dir.write('broken.toml', '[rules\n');
    expectInputError(
      await runRatchet(['check', '--requirements', broken, '--exit-code', '--', 'rm', 'x']),
      'broken.toml',
    );
  });

  it('check-domain: 4 for deny, 0 for allow', async ({ expect }) => {
    const run = (host: string) =>
      runRatchet(['check-domain', host, ...policy, '--exit-code', '-c', 'sandbox_mode="workspace-write"']);
    const [deny, allow] = await Promise.all([run('evil.example.com'), run('api.example.com')]);
    expect(deny.stdout).toMatch(/^decision: deny/);
    expect(deny.status).toBe(4);
    expect(allow.stdout).toMatch(/^decision: allow/);
    expect(allow.status).toBe(0);
  });
});

describe.concurrent('colour', HANG_GUARD, () => {
  const check = (env: Record<string, string>) => runRatchet(['check', ...policy, '--', 'rm', 'x'], { env });

  it('none when the output is not a terminal', async ({ expect }) => {
    const result = await check({});
    expect(result.stdout).toMatch(/^decision: forbidden/);
    expect(result.stdout).not.toMatch(ESCAPE);
  });

  it('FORCE_COLOR turns it on, NO_COLOR wins over it, FORCE_COLOR=0 keeps it off', async ({ expect }) => {
    const [forced, both, zero] = await Promise.all([
      check({ FORCE_COLOR: '1' }),
      check({ FORCE_COLOR: '1', NO_COLOR: '1' }),
      check({ FORCE_COLOR: '0' }),
    ]);
    expect(forced.stdout).toContain('decision: \u001b[31mforbidden\u001b[39m');
    expect(both.stdout).not.toMatch(ESCAPE);
    expect(zero.stdout).not.toMatch(ESCAPE);
  });

  it('on a terminal (a pseudo-terminal from script(1)), from a full load and from the cache alike, unless NO_COLOR', async ({
    expect,
  }) => {
    const command = [process.execPath, ratchetBin, 'check', ...policy, '--', 'rm', 'x'].map((w) => `'${w}'`).join(' ');
    const inPty = (env: Record<string, string>) =>
      promisify(execFile)('script', ['-qec', command, '/dev/null'], {
        env: { PATH: process.env.PATH ?? '', HOME: dir.path, CODEX_HOME: dir.path, TERM: 'xterm', ...env },
        timeout: 120_000, // a hang guard on a loaded machine, not a speed claim
      });
    // The first run loads the policy and fills the compiled-rules cache; the later ones answer from it.
    const full = await inPty({});
    const [cached, noColor] = await Promise.all([inPty({}), inPty({ NO_COLOR: '1' })]);
    for (const tty of [full, cached]) expect(tty.stdout).toContain('\u001b[31mforbidden\u001b[39m');
    expect(noColor.stdout).toContain('decision: forbidden');
    expect(noColor.stdout).not.toMatch(ESCAPE);
  });
});

describe.concurrent('output fits the terminal', HANG_GUARD, () => {
  const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

  it('80 columns when not a terminal, COLUMNS when set; every row of the table still starts with its key', async ({
    expect,
  }) => {
    const [plain, narrow, wide] = await Promise.all([
      runRatchet(['resolve', ...examples]),
      runRatchet(['resolve', ...examples], { env: { COLUMNS: '60' } }),
      runRatchet(['resolve', ...examples], { env: { COLUMNS: '400' } }),
    ]);
    expect(widest(wide.stdout)).toBeGreaterThan(80);
    expect(widest(plain.stdout)).toBeLessThanOrEqual(80);
    expect(widest(narrow.stdout)).toBeLessThanOrEqual(60);
    for (const result of [plain, narrow]) {
      expect(result.status).toBe(0);
      expect(lines(result.stdout)[0]).toMatch(/^KEY\s+EFFECTIVE\s+REQUESTED\s+CONSTRAINED BY$/);
      expect(result.stdout).toContain('Warnings:');
    }
    // Cells wrap inside their column rather than being cut: a key and its value start the row, the marker follows.
    expect(plain.stdout).toMatch(/^sandbox_mode +"read-only" /m);
    expect(plain.stdout).toMatch(/^ {10,}\(replaced\)/m);
  });

  it('help wraps to the width too', async ({ expect }) => {
    const result = await runRatchet(['check', '--help'], { env: { COLUMNS: '50' } });
    expect(widest(result.stdout)).toBeLessThanOrEqual(50);
  });

  it("help on a terminal takes the terminal's width (a pseudo-terminal from script(1), 50 columns)", async ({
    expect,
  }) => {
    const help = `stty cols 50; '${process.execPath}' '${ratchetBin}' check --help`;
    const { stdout } = await promisify(execFile)('script', ['-qec', help, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', HOME: dir.path, TERM: 'xterm' },
      timeout: 120_000, // a hang guard on a loaded machine, not a speed claim
    });
    const text = stdout.replaceAll('\r', '');
    expect(text).toContain('Usage: ratchet check');
    expect(widest(text)).toBeLessThanOrEqual(50);
    // Not a terminal and no COLUMNS: 80 columns, which this help fills past 50.
    expect(widest((await runRatchet(['check', '--help'])).stdout)).toBeGreaterThan(50);
  });
});

describe.concurrent('ratchet completion', HANG_GUARD, () => {
  /** What bash completes after `words` (the last one being completed), with the script sourced. */
  async function bashComplete(words: readonly string[]): Promise<string[]> {
    const script = (await runRatchet(['completion', 'bash'])).stdout;
    const file = dir.write(`completion-${Math.random().toString(36).slice(2)}.bash`, script);
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const program = `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _ratchet; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const { stdout } = await promisify(execFile)('bash', ['--norc', '-c', program], {
      cwd: dir.path,
      timeout: 120_000, // a hang guard, not a speed claim
    });
    return lines(stdout);
  }

  it('bash completes commands, subcommands, flags and shells from the command table', async ({ expect }) => {
    expect(await bashComplete(['ratchet', 'ch'])).toEqual(['check', 'check-domain', 'check-write']);
    expect(await bashComplete(['ratchet', 'mcp', ''])).toEqual(expect.arrayContaining(['list']));
    expect(await bashComplete(['ratchet', 'check', '--ru'])).toEqual(['--rules']);
    expect(await bashComplete(['ratchet', 'check-domain', '--exit'])).toEqual(['--exit-code']);
    expect(await bashComplete(['ratchet', 'hooks', 'run', '--pay'])).toEqual(['--payload']);
    expect(await bashComplete(['ratchet', 'completion', 'z'])).toEqual(['zsh']);
    // A FILE flag completes file names.
    expect(await bashComplete(['ratchet', 'resolve', '--requirements', 'require'])).toEqual(['requirements.toml']);
  });

  it('zsh and fish scripts name every command and its flags', async ({ expect }) => {
    const [zsh, fish] = await Promise.all([runRatchet(['completion', 'zsh']), runRatchet(['completion', 'fish'])]);
    expect(zsh.stdout).toMatch(/^#compdef ratchet/);
    expect(zsh.stdout).toContain("'check-domain') _arguments");
    expect(zsh.stdout).toContain("'*--rules[a user .rules file, read instead of the rules/ folders beside");
    expect(fish.stdout).toContain('complete -c ratchet -n __fish_use_subcommand -a validate');
    expect(fish.stdout).toContain("-n '__fish_seen_subcommand_from check' -l exit-code");
    for (const command of await listedCommands()) {
      const last = command.split(' ').at(-1)!;
      expect(zsh.stdout, command).toContain(last);
      expect(fish.stdout, command).toContain(`-a ${last}`);
    }
  });

  it('an unknown shell is a usage error', async () => {
    expectInputError(await runRatchet(['completion', 'tcsh']), 'completion takes one shell: bash, zsh, fish');
  });
});
