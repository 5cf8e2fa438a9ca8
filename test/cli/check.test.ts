import { describe, it } from 'vitest';
import { expectInputError, fileScopedDir, lines, parseJson, runRatchet } from './helpers.js';

const dir = fileScopedDir('ratchet-cli-check-');

const requirements = dir.write(
  'requirements.toml',
  `[rules]
prefix_rules = [
  { pattern = [{ token = "rm" }], decision = "forbidden", justification = "Use git clean -fd instead." },
  { pattern = [{ token = "git" }, { any_of = ["push", "commit"] }], decision = "prompt", justification = "Require review before mutating history." },
]
`,
);
const userRules = dir.write(
  'user.rules',
  `# my rules
prefix_rule(pattern = ["git"], decision = "allow")
prefix_rule(
    pattern = ["npm", ["i", "install"]],
    decision = "prompt",
    justification = "installs run scripts",
    match = ["npm i left-pad"],
    not_match = ["npm ci"],
)
`,
);
const base = ['--requirements', requirements, '--rules', userRules];

interface CheckJson {
  decision: string;
  matched_rules: {
    decision: string;
    pattern: string;
    matched_prefix: string[];
    justification?: string;
    command: string[];
    source: string;
    at: string;
    resolved_program?: string;
    match: string;
    via?: string[];
    why?: string;
  }[];
  opaque: { decision: string; reason: string; command: string[]; via?: string[] }[];
  commands: string[][];
}
const check = async (...argv: string[]) =>
  parseJson<CheckJson>(await runRatchet(['check', ...base, '--json', '--', ...argv]));

describe.concurrent('ratchet check', () => {
  it('forbids what a requirement forbids, naming the rule, its source and justification', async ({ expect }) => {
    const out = await check('rm', '-rf', '/');
    expect(out.decision).toBe('forbidden');
    expect(out.matched_rules).toEqual([
      expect.objectContaining({
        decision: 'forbidden',
        pattern: 'rm',
        matched_prefix: ['rm'],
        justification: 'Use git clean -fd instead.',
        source: requirements,
        at: 'rules.prefix_rules[0]',
      }),
    ]);
  });

  it('a user allow never loosens a requirement prompt; both rules are listed', async ({ expect }) => {
    const out = await check('git', 'push', 'origin');
    expect(out.decision).toBe('prompt');
    expect(out.matched_rules.map((m) => [m.decision, m.source])).toEqual([
      ['prompt', requirements],
      ['allow', userRules],
    ]);
  });

  it('reports a prompt-user rule as a prompt only the user may approve, text and JSON alike', async ({ expect }) => {
    const file = dir.write(
      'prompt-user.toml',
      '[rules]\nprefix_rules = [\n  { pattern = [{ token = "git" }, { token = "push" }], decision = "prompt-user" },\n]\n',
    );
    const args = ['check', '--requirements', file, '--rules', userRules];
    const json = parseJson<CheckJson & { reviewer?: string }>(
      await runRatchet([...args, '--json', '--', 'git', 'push', 'origin']),
    );
    expect(json.decision).toBe('prompt');
    expect(json.reviewer).toBe('user');
    expect(json.matched_rules[0]).toMatchObject({ decision: 'prompt', rule_decision: 'prompt-user', reviewer: 'user' });
    const text = await runRatchet([...args, '--', 'git', 'push', 'origin']);
    expect(lines(text.stdout)[0]).toBe('decision: prompt (only the user may approve)');
    // A plain prompt elsewhere is not marked.
    expect((await check('git', 'commit')) as CheckJson & { reviewer?: string }).not.toHaveProperty('reviewer');
  });

  it('a user allow applies where no requirement speaks', async ({ expect }) => {
    expect((await check('git', 'status')).decision).toBe('allow');
  });

  it('splits a bash -lc script and takes the strictest command', async ({ expect }) => {
    const out = await check('bash', '-lc', 'git status && npm install left-pad | cat; rm -rf build');
    expect(out.decision).toBe('forbidden');
    expect(out.commands).toEqual([
      ['bash', '-lc', 'git status && npm install left-pad | cat; rm -rf build'],
      ['git', 'status'],
      ['npm', 'install', 'left-pad'],
      ['cat'],
      ['rm', '-rf', 'build'],
    ]);
  });

  it('explains an answer stricter than a prefix match: the command inside, the wrappers looked through', async ({
    expect,
  }) => {
    const out = await check('bash', '-lc', 'echo ok > /dev/null && sudo -u root timeout 5 rm -rf build');
    expect(out.decision).toBe('forbidden');
    expect(out.matched_rules[0]).toMatchObject({
      decision: 'forbidden',
      command: ['rm', '-rf', 'build'],
      match: 'prefix',
      via: ['in the script of `bash`', 'behind `sudo`', 'behind `timeout`'],
      why: '`rm -rf build` runs in the script of `bash`, behind `sudo`, behind `timeout`',
    });
  });

  it('explains why text is opaque, and a catch-all or path match', async ({ expect }) => {
    const opaque = await check('bash', '-lc', '$tool push');
    expect(opaque.decision).toBe('prompt');
    expect(opaque.opaque).toEqual([
      {
        decision: 'prompt',
        reason: 'the command name `$tool` is a variable: what runs cannot be known from the text',
        command: ['$tool', 'push'],
        via: ['in the script of `bash`'],
      },
    ]);
    const carried = await check('mystery-runner', '--flag', 'rm', '-rf', '/');
    expect(carried.matched_rules[0]).toMatchObject({
      decision: 'prompt',
      rule_decision: 'forbidden',
      match: 'catch-all',
      why: expect.stringContaining('carries `rm` in its words'),
    });
    const relative = await check('../bin/rm', 'x');
    expect(relative.matched_rules[0]).toMatchObject({ decision: 'forbidden', match: 'path', matched_prefix: ['rm'] });
  });

  it('a user rules file that does not parse leaves the requirements decision standing, with a warning', async ({
    expect,
  }) => {
    const bad = dir.write('broken.rules', 'prefix_rule(\n');
    const result = await runRatchet([
      'check',
      '--requirements',
      requirements,
      '--rules',
      bad,
      '--json',
      '--',
      'rm',
      'x',
    ]);
    expect(result.status).toBe(0);
    expect((JSON.parse(result.stdout) as CheckJson).decision).toBe('forbidden');
    expect(result.stderr).toMatch(
      /^ratchet: warning: .*broken\.rules: \d+:\d+: failed to parse rules file: .*requirements rules still apply/m,
    );
  });

  it('a plain argv never loads the shell grammar; a script that needs it does', async ({ expect }) => {
    // A preload records every .wasm file the command reads.
    const hook = dir.write(
      'wasm-spy.mjs',
      `import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
const read = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  if (String(path).endsWith('.wasm')) process.stderr.write('read wasm ' + String(path).split('/').pop() + '\\n');
  return read.call(this, path, ...rest);
};
syncBuiltinESMExports();
`,
    );
    const env = { NODE_OPTIONS: `--import=${hook}` };
    const args = ['check', '--requirements', requirements, '--json', '--'];
    for (const argv of [
      ['git', 'push'],
      ['sudo', 'rm', '-rf', '/'],
      ['bash', '-lc', 'git status && rm -rf x | cat'],
    ]) {
      const plain = await runRatchet([...args, ...argv], { env });
      expect(plain.stderr).not.toContain('read wasm');
    }
    const script = await runRatchet([...args, 'bash', '-lc', '(rm -rf x)'], { env });
    expect(script.stderr).toContain('read wasm tree-sitter-bash.wasm');
    expect((JSON.parse(script.stdout) as CheckJson).decision).toBe('forbidden');
  });

  it('judges the command behind a wrapper too', async ({ expect }) => {
    const out = await check('sudo', '-u', 'root', 'env', 'FOO=1', 'rm', '-rf', '/');
    expect(out.decision).toBe('forbidden');
    expect(out.matched_rules[0]!.command).toEqual(['rm', '-rf', '/']);
  });

  it('resolves an absolute path to its basename rule', async ({ expect }) => {
    const out = await check('/bin/rm', 'x');
    expect(out.decision).toBe('forbidden');
    expect(out.matched_rules[0]).toMatchObject({ resolved_program: '/bin/rm', matched_prefix: ['rm'] });
  });

  it('says none when no rule matches', async ({ expect }) => {
    const out = await check('ls', '-la');
    expect(out).toMatchObject({ decision: 'none', matched_rules: [] });
  });

  it('prints the decision and each matched rule as text', async ({ expect }) => {
    const result = await runRatchet(['check', ...base, '--', 'git', 'commit', '-m', 'x']);
    expect(result.status).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toBe('decision: prompt');
    expect(out[1]).toContain('git [push|commit]');
    expect(out[1]).toContain('Require review before mutating history.');
    expect(out[2]).toContain(`${userRules} 2:1`);
  });
});

describe.concurrent('ratchet check on bad input: exit 2, one line naming the file', () => {
  it('a rules file that does not parse names the file, line and column', async ({ expect }) => {
    const bad = dir.write('bad.rules', 'prefix_rule(pattern = ["ls"], decision = "maybe")\n');
    const line = expectInputError(
      await runRatchet(['check', '--rules', bad, '--no-default-sources', '--', 'ls']),
      bad,
      'invalid decision',
    );
    expect(line).toMatch(/bad\.rules: \d+:\d+: /);
  });

  it('a failing match example is reported where it is written', async ({ expect }) => {
    const bad = dir.write(
      'example.rules',
      'prefix_rule(\n    pattern = ["git", "push"],\n    match = ["git pull"],\n)\n',
    );
    const line = expectInputError(
      await runRatchet(['check', '--rules', bad, '--no-default-sources', '--', 'ls']),
      bad,
      'expected every example to match',
    );
    expect(line).toContain(': 3:');
  });

  it('a missing rules file', async () => {
    expectInputError(
      await runRatchet(['check', '--rules', dir.path + '/nope.rules', '--no-default-sources', '--', 'ls']),
      'nope.rules',
      'cannot read',
    );
  });

  it('an allow rule in requirements', async () => {
    const file = dir.write(
      'allow.toml',
      '[rules]\nprefix_rules = [{ pattern = [{ token = "ls" }], decision = "allow" }]\n',
    );
    expectInputError(
      await runRatchet(['check', '--requirements', file, '--', 'ls']),
      file,
      'rules.prefix_rules[0].decision',
      'not permitted in requirements.toml',
    );
  });

  it('no command', async ({ expect }) => {
    const result = await runRatchet(['check', '--no-default-sources']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--');
  });
});
