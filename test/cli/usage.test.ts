import { describe, it } from 'vitest';
import { examples, expectInputError, lines, runRatchet } from './helpers.js';

describe.concurrent('usage', () => {
  it('no arguments: exit 2 with the usage on stderr and nothing on stdout', async ({ expect }) => {
    const result = await runRatchet([]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: ratchet <command> \[options\]/);
    for (const command of ['resolve', 'explain', 'validate', 'schema'])
      expect(result.stderr).toContain(`  ${command} `);
  });

  it('--help, -h and help: exit 0 with the usage on stdout', async ({ expect }) => {
    for (const flag of ['--help', '-h', 'help']) {
      const result = await runRatchet([flag]);
      expect(result.status, flag).toBe(0);
      expect(result.stderr, flag).toBe('');
      expect(result.stdout, flag).toMatch(/^Usage: ratchet <command> \[options\]/);
    }
  });

  it('the usage lists every command', async ({ expect }) => {
    const { stdout } = await runRatchet(['--help']);
    for (const command of [
      'resolve',
      'explain',
      'check',
      'check-domain',
      'mcp list',
      'hooks run',
      'check-write',
      'config set',
      'config unset',
      'validate',
      'sources',
      'schema',
    ]) {
      expect(stdout, command).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('the usage documents every policy flag', async ({ expect }) => {
    const { stdout } = await runRatchet(['--help']);
    for (const flag of [
      '--requirements',
      '--managed-config',
      '--no-default-sources',
      '--config',
      '--profile',
      '--override',
      '--hostname',
      '--strict',
      '--json',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('an unknown command: exit 2, one line naming it', async ({ expect }) => {
    const line = expectInputError(await runRatchet(['frobnicate']), '"frobnicate"', 'unknown command');
    expect(line).toContain('ratchet --help');
  });

  it('an unknown flag: exit 2, one short line naming it, for every command', async ({ expect }) => {
    const commands = [
      ['resolve'],
      ['explain'],
      ['validate'],
      ['schema'],
      ['check'],
      ['check-write'],
      ['mcp', 'list'],
      ['hooks', 'run'],
    ];
    const results = await Promise.all(commands.map((command) => runRatchet([...command, '--frob'])));
    for (const [i, words] of commands.entries()) {
      const command = words.join(' ');
      const line = expectInputError(results[i]!, `ratchet ${command}:`, "unknown option '--frob'");
      expect(line).toBe(`ratchet ${command}: unknown option '--frob'; run ratchet ${command} --help`);
    }
  });

  it('an unknown short flag', async () => {
    expectInputError(await runRatchet(['resolve', '-x', ...examples]), "unknown option '-x'");
  });

  it('a flag missing its value', async () => {
    expectInputError(
      await runRatchet(['resolve', '--requirements']),
      'ratchet resolve:',
      '--requirements',
      'argument missing',
    );
  });

  it('a value given to a boolean flag', async () => {
    expectInputError(await runRatchet(['resolve', ...examples, '--json=yes']), '--json', 'does not take an argument');
  });

  it('resolve takes no positional arguments', async () => {
    expectInputError(
      await runRatchet(['resolve', ...examples, 'approval_policy']),
      'resolve takes no arguments',
      '"approval_policy"',
    );
  });

  it('flags may come before or after the command arguments', async ({ expect }) => {
    const before = await runRatchet(['explain', ...examples, '--json', 'sandbox_mode']);
    const after = await runRatchet(['explain', 'sandbox_mode', ...examples, '--json']);
    expect(before.status).toBe(0);
    expect(before.stdout).toBe(after.stdout);
  });

  it('a successful answer writes nothing to stderr and ends with a newline', async ({ expect }) => {
    const result = await runRatchet(['resolve', ...examples]);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(lines(result.stdout).length).toBeGreaterThan(2);
  });
});
