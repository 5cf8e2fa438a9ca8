import { describe, expect, it } from 'vitest';
import { effectiveObject, InputError } from '@ratchet/core';
import { loadPolicy, userConfig } from '@ratchet/testkit';
import { windowsProvider } from './provider.js';
import { WINDOWS_SANDBOX } from './keys.js';

const providers = [windowsProvider()];
const load = (layers: string | string[], mode?: 'precedence' | 'strict') =>
  loadPolicy(providers, layers, mode ? { mode } : {});

describe('windows in an engine', () => {
  it('resolves [windows] from config.toml under requirements, keyed like config.toml', async () => {
    const policy = await load(
      '[windows]\nallowed_sandbox_implementations = ["elevated"]\nsandbox_private_desktop = true\n',
    );
    const resolved = policy.resolve(userConfig('[windows]\nsandbox = "unelevated"\nsandbox_private_desktop = false\n'));
    expect(effectiveObject(resolved)).toEqual({ windows: { sandbox: 'elevated', sandbox_private_desktop: true } });
    expect(resolved.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.key)).toEqual(['windows.sandbox']);
  });

  it("an empty list stops loading with Codex's message, naming the layer", async () => {
    const error = await load('[windows]\nallowed_sandbox_implementations = []\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('field `windows.allowed_sandbox_implementations` cannot be empty');
    expect((error as Error).message).toContain('req.toml');
  });

  it('the highest layer with [windows] wins the whole table; a lower [] is never checked', async () => {
    const policy = await load([
      '[windows]\nsandbox_private_desktop = true\n',
      '[windows]\nallowed_sandbox_implementations = []\n',
    ]);
    const resolved = policy.resolve(userConfig('[windows]\nsandbox = "unelevated"\n'));
    expect(effectiveObject(resolved)).toEqual({ windows: { sandbox: 'unelevated', sandbox_private_desktop: true } });
  });

  it('strict layering intersects the lists', async () => {
    const policy = await load(
      [
        '[windows]\nallowed_sandbox_implementations = ["elevated", "unelevated"]\n',
        '[windows]\nallowed_sandbox_implementations = ["unelevated"]\n',
      ],
      'strict',
    );
    expect(effectiveObject(policy.resolve(userConfig('')))).toEqual({ windows: { sandbox: 'unelevated' } });
    await expect(
      load(
        [
          '[windows]\nallowed_sandbox_implementations = ["elevated"]\n',
          '[windows]\nallowed_sandbox_implementations = ["unelevated"]\n',
        ],
        'strict',
      ),
    ).rejects.toThrow('no implementation in common');
  });

  it('unknown keys in [windows] warn, in requirements and in config.toml', async () => {
    const policy = await load('[windows]\nallowed_sandbox_implementation = ["elevated"]\n');
    expect(policy.requirements.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'warning',
        kind: 'unknown-key',
        key: 'windows.allowed_sandbox_implementation',
        suggestion: 'did you mean "allowed_sandbox_implementations"?',
      }),
    ]);
    const resolved = policy.resolve(userConfig('[windows]\nsandbox_mode = "elevated"\n'));
    expect(resolved.diagnostics).toContainEqual(
      expect.objectContaining({ severity: 'warning', kind: 'unknown-key', key: 'windows.sandbox_mode' }),
    );
  });

  it('a bad user value stops resolving, naming the key', async () => {
    const policy = await load('');
    expect(() => policy.resolve(userConfig('[windows]\nsandbox = "admin"\n'))).toThrow(
      /windows\.sandbox.*unknown value "admin"/,
    );
  });

  it('the runtime handle refuses a disallowed implementation', async () => {
    const policy = await load('[windows]\nallowed_sandbox_implementations = ["elevated"]\n');
    const sandbox = policy.constrained(WINDOWS_SANDBOX, policy.resolve(userConfig('')));
    expect(sandbox.value).toBe('elevated');
    expect(sandbox.canSet('unelevated').ok).toBe(false);
  });
});
