import { describe, expect, it } from 'vitest';
import { effectiveObject, InputError } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { residencyProvider } from './provider.js';

const providers = [residencyProvider()];

describe('residency in an engine', () => {
  it('enforce_residency = "us" gives the effective runtime value, whatever config.toml says', async () => {
    const policy = await loadPolicy(providers, 'enforce_residency = "us"\n');
    const resolved = policy.resolve(userConfig(''));
    expect(effectiveObject(resolved)).toEqual({ enforce_residency: 'us' });
    expect(resolved.entries.get('enforce_residency')!.constraints).toEqual([
      { field: 'enforce_residency', value: 'us', sources: ['req.toml'] },
    ]);
  });

  it('without the requirement nothing is enforced', async () => {
    const policy = await loadPolicy(providers, '');
    expect(effectiveObject(policy.resolve(userConfig('')))).toEqual({});
  });

  it('any other value stops loading, naming the layer, the key and the accepted value', async () => {
    for (const text of ['enforce_residency = "eu"\n', 'enforce_residency = "US"\n', 'enforce_residency = ["us"]\n']) {
      const error = await loadPolicy(providers, text).catch((e: unknown) => e);
      expect(error, text).toBeInstanceOf(InputError);
      for (const part of ['req.toml', 'enforce_residency', '"us"'])
        expect((error as Error).message, text).toContain(part);
    }
  });

  it("a lower layer's bad value still fails the load: every layer must parse", async () => {
    await expect(loadPolicy(providers, ['enforce_residency = "us"\n', 'enforce_residency = "eu"\n'])).rejects.toThrow(
      'layer-1.toml',
    );
  });
});
