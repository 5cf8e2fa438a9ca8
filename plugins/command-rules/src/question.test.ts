import { describe, expect, it } from 'vitest';
import { loadUserConfig, ProviderSetupError } from '@ratchet/core';
import { loadPolicy } from '@ratchet/testkit';
import { commandRulesProvider } from './provider.js';
import { commandQuestion } from './question.js';

const REQUIREMENTS =
  '[rules]\nprefix_rules = [{ pattern = [{ token = "git" }, { token = "push" }], decision = "prompt" }]\n';
const RULES = [{ path: 'a.rules', text: 'prefix_rule(pattern = ["ls"], decision = "forbidden")\n' }];

// One file, one module state: the `.rules` reader is loaded by the question's setup, the first time it runs.
describe('the command question', () => {
  it('refuses .rules files before its setup has loaded the reader, and reads them after', async () => {
    const policy = await loadPolicy([commandRulesProvider()], REQUIREMENTS);
    const context = (rulesFiles: typeof RULES) => ({
      policy,
      resolved: policy.resolve(loadUserConfig({})),
      rulesFiles,
      cwd: '/work',
      homedir: '/home/me',
    });
    const ask = (argv: string[]) => commandQuestion.parse(argv, {}, () => {})!;
    // Without rules files nothing needs the reader.
    expect(commandQuestion.prepare(context([]))(ask(['git', 'push'])).decision).toBe('prompt');
    expect(() => commandQuestion.prepare(context(RULES))).toThrow(ProviderSetupError);
    await commandQuestion.setup();
    const answer = commandQuestion.prepare(context(RULES));
    expect(answer(ask(['ls', '-l'])).decision).toBe('forbidden');
    expect(answer(ask(['git', 'push'])).decision).toBe('prompt');
  });
});
