import { describe, expect, it } from 'vitest';
import { InputError } from '@ratchet/core';
import { loadPolicy, resolveWith, userConfig } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { sandboxProvider } from './provider.js';

async function resolve(requirements: string, config: string) {
  return (await loadPolicy([sandboxProvider()], requirements)).resolve(userConfig(config));
}
const mode = async (requirements: string, config: string) =>
  (await resolve(requirements, config)).entries.get('sandbox_mode')?.value;

describe('default_permissions: a permission profile decides the sandbox mode', () => {
  it('the built-in profiles are read-only, workspace-write and danger-full-access, and beat sandbox_mode', async () => {
    expect(await mode('', 'default_permissions = ":read-only"\nsandbox_mode = "danger-full-access"\n')).toBe(
      'read-only',
    );
    expect(await mode('', 'default_permissions = ":workspace"\n')).toBe('workspace-write');
    expect(await mode('', 'default_permissions = ":danger-full-access"\n')).toBe('danger-full-access');
  });

  it('a named profile counts by what it grants: write to :root is full access, any other write workspace-write', async () => {
    const profiles = [
      '[permissions.root.filesystem]',
      '":root" = "write"',
      '[permissions.project.filesystem]',
      '"/work" = "write"',
      '"/etc" = "read"',
      '[permissions.reader.filesystem]',
      '"/work" = "read"',
      '[permissions.wide]',
      'extends = ":workspace"',
    ].join('\n');
    const cases = [
      ['root', 'danger-full-access'],
      ['project', 'workspace-write'],
      ['reader', 'read-only'],
      ['wide', 'workspace-write'],
    ] as const;
    for (const [name, expected] of cases)
      expect(await mode('', `default_permissions = "${name}"\n${profiles}\n`), name).toBe(expected);
  });

  it('a profile granting a disallowed mode falls back to read-only with a sandbox_mode warning, and is no longer active', async () => {
    const resolved = await resolve(
      'allowed_sandbox_modes = ["read-only", "workspace-write"]',
      'default_permissions = ":danger-full-access"\n',
    );
    expect(resolved.entries.get('sandbox_mode')).toMatchObject({
      value: 'read-only',
      requested: { origin: { key: 'default_permissions' } },
    });
    expect(resolved.entries.get('permission_profile')?.value).toBeUndefined();
    expect(resolved.diagnostics).toEqual([diagnosticLike({ severity: 'warning', key: 'sandbox_mode' })]);
  });

  it('an allowed profile stays active', async () => {
    const resolved = await resolve(
      'allowed_sandbox_modes = ["read-only", "workspace-write"]',
      'default_permissions = ":workspace"\n',
    );
    expect(resolved.entries.get('permission_profile')?.value).toBe(':workspace');
    expect(resolved.diagnostics).toEqual([]);
  });

  it('a name no profile has stops loading, naming the key and the built-ins', async () => {
    const error = await resolve('', 'default_permissions = "nope"\n').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('default_permissions = "nope" names no permission profile');
  });

  it('never with a full-access profile forced to read-only is refused, as with sandbox_mode', () => {
    const { diagnostics } = resolveWith(
      sandboxProvider(),
      { allowed_sandbox_modes: ['read-only'] },
      { permission_profile: ':danger-full-access' },
      { approval_policy: 'never' },
    );
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        diagnosticLike({ severity: 'error', message: 'cannot be used because requirements do not allow' }),
      ]),
    );
  });
});
