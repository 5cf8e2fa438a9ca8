import { describe, expect, it } from 'vitest';
import { colorPolicy } from '../toolkit.test-helper.js';
import { diffPolicies } from './diff.js';

const witnesses = (diff: ReturnType<typeof diffPolicies>, which: 'loosened' | 'tightened') =>
  diff.providers.flatMap((p) => p[which].map((w) => `${w.input}: ${w.old} -> ${w.new}`));

describe('diffPolicies over a provider the toolkit does not know', () => {
  it('finds a setting value now accepted and a word no longer blocked, each a witness', async () => {
    const v1 = await colorPolicy('allowed_colors = ["red"]\nblocked_words = ["drop", "rm"]\n');
    const v2 = await colorPolicy('allowed_colors = ["red", "blue"]\nblocked_words = ["rm", "curl"]\n');
    const diff = diffPolicies(v1, v2);
    expect(diff.loosens).toBe(true);
    expect(diff.providers[0]!.status).toBe('loosened');
    expect(witnesses(diff, 'loosened')).toEqual(['color = "blue": refused -> accepted', 'word drop: blocked -> ok']);
    expect(witnesses(diff, 'tightened')).toEqual(['word curl: ok -> blocked']);
    expect(diff.providers[0]!.loosened[1]!.case).toEqual({ word: 'drop' });
  });

  it('proves a meet tightens: nothing loosens, exit status 0 for the command', async () => {
    const v1 = await colorPolicy('allowed_colors = ["red", "blue"]\n');
    const v2 = await colorPolicy('allowed_colors = ["red"]\nblocked_words = ["rm"]\n');
    const diff = diffPolicies(v1, v2);
    expect(diff.loosens).toBe(false);
    expect(diff.providers[0]).toMatchObject({
      status: 'tightened',
      basis: expect.stringContaining('tighten(old, new) is new'),
    });
  });

  it('the same policy is unchanged; a change no probe can tell apart is reported, and counted, as changed', async () => {
    const v1 = await colorPolicy('allowed_colors = ["red", "blue"]\n');
    expect(diffPolicies(v1, await colorPolicy('allowed_colors = ["red", "blue"]\n', 'other.toml'))).toMatchObject({
      loosens: false,
      providers: [{ status: 'unchanged' }],
    });
    // Reordering the list changes the fallback but allows the same values: neither proof nor probe orders it.
    const reordered = diffPolicies(v1, await colorPolicy('allowed_colors = ["blue", "red"]\n'));
    expect(reordered).toMatchObject({ loosens: true, providers: [{ status: 'changed' }] });
  });
});
