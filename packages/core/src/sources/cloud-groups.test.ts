import { describe, expect, it } from 'vitest';
import { createEngine } from '../resolve/create-engine.js';
import { colorProvider, COLORS_PROVIDER } from '../fake-provider.test-helper.js';
import { cloudRequirementsSource } from './cloud.js';
import { cloudFixture, reply } from './cloud-server.test-helper.js';
import { requirementsTextSource } from './loaders.js';

const fx = cloudFixture();

describe('cloudRequirementsSource: group rules', () => {
  const fragments = JSON.stringify({
    fragments: [
      { group: 'contractors', matches: false, toml: 'allowed_colors = ["red"]' },
      { group: 'eng', matches: true, toml: 'allowed_colors = ["green"]' },
      { group: 'everyone', matches: true, toml: 'allowed_colors = ["blue"]\nbanned_words = ["later"]' },
    ],
    default: 'banned_words = ["default"]',
  });

  it('applies the first matching rule alone: later matching rules never fill its unset fields', async () => {
    const s = await fx.serve(reply(200, fragments));
    const result = await fx.load(s.url);
    expect(result.layers).toEqual([
      {
        source: { kind: 'cloud', label: 'cloud requirements (group eng)' },
        format: 'requirements',
        table: { allowed_colors: ['green'] },
      },
    ]);
  });

  it('lower sources still fill what the chosen rule leaves unset', async () => {
    const s = await fx.serve(reply(200, fragments));
    const engine = createEngine({
      providers: [colorProvider()],
      sources: [
        cloudRequirementsSource(fx.options(s.url)),
        requirementsTextSource(
          'allowed_colors = ["red"]\nbanned_words = ["system"]',
          '/etc/codex/requirements.toml',
          'system',
        ),
      ],
    });
    const requirement = (await engine.load()).requirementOf(COLORS_PROVIDER);
    expect(requirement.value).toEqual({ allowed_colors: ['green'], banned_words: ['system'] });
    expect(requirement.origins).toEqual({
      allowed_colors: [{ kind: 'cloud', label: 'cloud requirements (group eng)' }],
      banned_words: [{ kind: 'system', label: '/etc/codex/requirements.toml' }],
    });
  });

  it('the default rule applies only when no rule matches', async () => {
    const none = JSON.stringify({
      fragments: [{ group: 'contractors', matches: false, toml: 'allowed_colors = ["red"]' }],
      default: 'banned_words = ["default"]',
    });
    const s = await fx.serve(reply(200, none));
    const result = await fx.load(s.url);
    expect(result.layers).toEqual([
      {
        source: { kind: 'cloud', label: 'cloud requirements (group default)' },
        format: 'requirements',
        table: { banned_words: ['default'] },
      },
    ]);
  });
});
