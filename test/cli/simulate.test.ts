import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { hasStackTrace } from '@ratchet/test-utils';
import { acmeProject, EXAMPLE_REQUIREMENTS, fileScopedDir, runRatchet } from './helpers.js';

const V2 = 'examples/requirements.v2.toml';
const CORPUS = 'examples/corpus';

interface SimulationJson {
  configs: {
    total: number;
    failed: { current: { count: number }; candidate?: { count: number; examples: { config: string; to: string }[] } };
    replaced: Record<string, { current: number; candidate?: number }>;
    changed: Record<string, { count: number; examples: { config: string; from: string; to: string }[] }>;
  };
  commands: {
    total: number;
    distinct: number;
    decisions: Record<string, { current: number; candidate?: number }>;
    stricter: Record<string, { count: number; examples: { file: string; line: number; command: string }[] }>;
    looser: Record<string, { count: number; examples: { file: string; line: number; command: string }[] }>;
  };
}

describe('ratchet simulate --corpus', () => {
  it('the example policy over the example corpus: replaced values per key and commands per decision', async ({
    expect,
  }) => {
    const result = await runRatchet(['simulate', '--corpus', CORPUS, '--requirements', EXAMPLE_REQUIREMENTS, '--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const sim = JSON.parse(result.stdout) as SimulationJson;
    expect(sim.configs.total).toBe(3);
    // alice asks for danger-full-access and carol too; bob stays within the requirements.
    expect(sim.configs.replaced.sandbox_mode).toEqual({ current: 2 });
    expect(sim.configs.replaced.approval_policy).toEqual({ current: 1 });
    expect(sim.commands).toMatchObject({ total: 10, distinct: 10 });
    expect(sim.commands.decisions).toEqual({ none: { current: 4 }, prompt: { current: 3 }, forbidden: { current: 3 } });
  });

  it('with the v2 candidate: commands newly forbidden and newly unmatched, with file and line', async ({ expect }) => {
    const args = ['simulate', '--corpus', CORPUS, '--requirements', EXAMPLE_REQUIREMENTS, '--candidate', V2];
    const sim = JSON.parse((await runRatchet([...args, '--json'])).stdout) as SimulationJson;
    expect(sim.commands.decisions.forbidden).toEqual({ current: 3, candidate: 4 });
    expect(sim.commands.stricter.forbidden!.count).toBe(3);
    expect(sim.commands.stricter.forbidden!.examples[0]).toEqual({
      file: 'examples/corpus/logs/agent-commands.jsonl',
      line: 2,
      command: 'command git push origin main',
      from: 'prompt',
      to: 'forbidden',
    });
    expect(sim.commands.looser.none!.examples.map((e) => e.command)).toEqual([
      'command rm -fr node_modules',
      'command sudo rm -fr /tmp/cache',
    ]);
    // Only the rules differ, and no configuration value depends on them (file names in reasons aside).
    expect(sim.configs.changed).toEqual({});
    const text = await runRatchet(args);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Newly forbidden under the candidate (stricter): 3');
    expect(text.stdout).toContain(
      'e.g. examples/corpus/logs/agent-commands.jsonl:5 command rm -fr node_modules (forbidden -> none)',
    );
    // stderr is not a terminal here: no progress bar.
    expect(text.stderr).toBe('');
  });

  it('a candidate that changes configuration values counts them per key, with examples', async ({ expect }) => {
    const dir = fileScopedDir('ratchet-simulate-');
    const candidate = dir.write(
      'candidate.toml',
      'allowed_sandbox_modes = ["read-only"]\nallowed_approval_policies = ["untrusted"]\n',
    );
    const args = [
      'simulate',
      '--corpus',
      CORPUS,
      '--requirements',
      EXAMPLE_REQUIREMENTS,
      '--candidate',
      candidate,
      '--json',
    ];
    const sim = JSON.parse((await runRatchet(args)).stdout) as SimulationJson;
    expect(sim.configs.changed.sandbox_mode!.count).toBe(1);
    expect(sim.configs.changed.sandbox_mode!.examples).toEqual([
      { config: 'examples/corpus/users/bob.toml', from: '"workspace-write"', to: '"read-only"' },
    ]);
    expect(sim.configs.changed.approval_policy!.count).toBe(3);
    // The candidate has no rules: every rule-matched command is now unmatched.
    expect(sim.commands.decisions.none).toEqual({ current: 4, candidate: 10 });
  });

  it('works with a third-party plugin: its settings are counted like built-in ones', async ({ expect }) => {
    const project = acmeProject('ratchet-simulate-plugin-');
    project.write('three.toml', 'acme_max_tabs = 3\n');
    project.write('five.toml', 'acme_max_tabs = 5\n');
    mkdirSync(join(project.path, 'corpus'));
    project.write('corpus/dev.toml', '[acme]\ntabs = 10\n');
    project.write('corpus/small.toml', '[acme]\ntabs = 2\n');
    const result = await runRatchet(
      [
        'simulate',
        '--plugin',
        'acme-ratchet-plugin',
        '--corpus',
        'corpus',
        '--requirements',
        'three.toml',
        '--candidate',
        'five.toml',
        '--json',
      ],
      { cwd: project.path },
    );
    expect(result.stderr).toBe('');
    const sim = JSON.parse(result.stdout) as SimulationJson;
    expect(sim.configs.replaced['acme.tabs']).toEqual({ current: 1, candidate: 1 });
    expect(sim.configs.changed['acme.tabs']).toEqual({
      count: 1,
      examples: [{ config: 'corpus/dev.toml', from: '3', to: '5' }],
    });
  });

  it('bad input: a log line that is not a command, a missing corpus, no --corpus: exit 2, one line', async ({
    expect,
  }) => {
    const dir = fileScopedDir('ratchet-simulate-bad-');
    dir.write('commands.jsonl', '["git", "status"]\n\n{"argv": ["ls"]}\n');
    const bad = await runRatchet(['simulate', '--corpus', dir.path, '--requirements', EXAMPLE_REQUIREMENTS]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('commands.jsonl: line 3:');
    expect(bad.stderr).toContain('fix: write each line as a JSON array of words');
    dir.write('commands.jsonl', '["git", 1]\n');
    expect((await runRatchet(['simulate', '--corpus', dir.path, '--no-default-sources'])).stderr).toContain('line 1');
    dir.write('commands.jsonl', 'git status\n');
    expect((await runRatchet(['simulate', '--corpus', dir.path, '--no-default-sources'])).stderr).toContain(
      'line 1: not JSON',
    );
    for (const args of [
      ['simulate', '--requirements', EXAMPLE_REQUIREMENTS],
      ['simulate', '--corpus', join(dir.path, 'missing')],
      ['simulate', '--corpus', CORPUS, '--candidate', join(dir.path, 'missing.toml')],
    ]) {
      const result = await runRatchet(args);
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(hasStackTrace(result.stderr)).toBe(false);
    }
  });
});
