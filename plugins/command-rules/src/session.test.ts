import { describe, expect, it } from 'vitest';
import { ProviderSetupError } from '@ratchet/core';
import { loadPolicy } from '@ratchet/testkit';
import { commandRulesProvider } from './provider.js';
import { commandPolicy } from './session.js';
import { sessionUserRules } from './user-rules.js';

const REQUIREMENTS =
  '[rules]\nprefix_rules = [{ pattern = [{ token = "git" }, { token = "push" }], decision = "prompt" }]\n';

const policy = () => loadPolicy([commandRulesProvider()], REQUIREMENTS);

describe('a host session', () => {
  it('judges requirements rules and user rules together', async () => {
    const { rules, diagnostics } = sessionUserRules(
      [{ path: 'a.rules', text: 'prefix_rule(pattern = ["git"], decision = "allow")\n' }],
      '/home/me',
    );
    expect(diagnostics).toEqual([]);
    const commands = commandPolicy(await policy(), rules);
    expect(commands.check(['git', 'push']).decision).toBe('prompt');
    expect(commands.check(['git', 'status']).decision).toBe('allow');
  });

  it('takes a plain list of user rules, `[]` for none', async () => {
    const loaded = await policy();
    expect(commandPolicy(loaded, []).check(['git', 'push']).decision).toBe('prompt');
    const { rules } = sessionUserRules(
      [{ path: 'a.rules', text: 'prefix_rule(pattern = ["ls"], decision = "allow")\n' }],
      '/h',
    );
    expect(commandPolicy(loaded, rules.rules).check(['ls']).decision).toBe('allow');
    expect(commandPolicy(loaded, rules.rules).check(['git', 'push']).decision).toBe('prompt');
  });

  it('drops every user rule when one file does not parse, warning with file, line and column; requirements still apply', async () => {
    const files = [
      { path: 'good.rules', text: 'prefix_rule(pattern = ["rm"], decision = "forbidden")\n' },
      { path: 'bad.rules', text: '\nprefix_rule(pattern = ["ls"], decision = "maybe")\n' },
    ];
    const { rules, diagnostics } = sessionUserRules(files, '/home/me');
    expect(rules.rules).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', source: 'bad.rules', key: expect.stringMatching(/^2:\d+$/) }),
    ]);
    expect(diagnostics[0]!.message).toContain('invalid decision');
    const commands = commandPolicy(await policy(), rules);
    expect(commands.check(['rm', '-rf', '/']).decision).toBe('none');
    expect(commands.check(['git', 'push']).decision).toBe('prompt');
  });

  it("ignores unknown keys in [rules] with warnings, checks the rule's examples, and still applies the rule", async () => {
    const text =
      '[rules]\nfoo = 1\nprefix_rules = [{ pattern = [{ token = "rm", extra = "x" }], decision = "forbidden", match = [["rm"]] }]\n';
    const loaded = await loadPolicy([commandRulesProvider()], text);
    expect(commandPolicy(loaded).check(['rm', 'x']).decision).toBe('forbidden');
    const warned = loaded.requirements.diagnostics.filter((d) => d.kind === 'unknown-key');
    // `match` is read (and checked) as in .rules files, so only the truly unknown keys are warned about.
    expect(warned.map((d) => [d.severity, d.key])).toEqual([
      ['warning', 'rules.foo'],
      ['warning', 'rules.prefix_rules[0].pattern[0].extra'],
    ]);
  });

  it('an invalid rule stops loading, naming the layer it came from', async () => {
    const text = '[rules]\nprefix_rules = [{ pattern = [{ token = "rm" }] }]\n';
    await expect(loadPolicy([commandRulesProvider()], text)).rejects.toThrow(
      'invalid rules in requirements (set by req.toml): rules prefix_rule at index 0 is missing a decision',
    );
  });

  it('needs the command-rules provider', async () => {
    const bare = await loadPolicy([]);
    expect(() => commandPolicy(bare)).toThrow(ProviderSetupError);
  });
});
