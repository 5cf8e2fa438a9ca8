import { describe, expect, it } from 'vitest';
import { resolveWith } from '@ratchet/testkit';
import { networkProvider } from './provider.js';
import type { NetworkTable } from './requirement.js';
import type { NetworkSettings } from './settings.js';

const provider = networkProvider();
type Mode = 'read-only' | 'workspace-write' | 'danger-full-access' | 'external-sandbox' | undefined;

/** Resolves with the sandbox provider's values: its mode, and the profile it put in force (by default the user's). */
function resolve(
  table: NetworkTable | undefined,
  settings: Partial<NetworkSettings> = {},
  mode: Mode = 'read-only',
  profile = settings['network.permission_profile'],
) {
  const requirement = table === undefined ? {} : { experimental_network: table };
  const sandbox = { sandbox_mode: mode, ...(profile !== undefined && { permission_profile: profile }) };
  const { effective, values, diagnostics } = resolveWith(provider, requirement, settings, sandbox);
  return { effective, values, diagnostics };
}
const lists = (out: ReturnType<typeof resolve>) => ({
  allowed: out.effective['network.allowed_domains'],
  denied: out.effective['network.denied_domains'],
  miss: out.effective['network.allowlist_miss'],
});

const MANAGED: NetworkTable = {
  domains: { 'api.example.com': 'allow', '*.openai.com': 'allow', 'blocked.example.com': 'deny' },
};
const USER: Partial<NetworkSettings> = {
  'network.domains': { 'docs.rs': 'allow', 'tracker.example': 'deny', 'api.example.com': 'allow' },
};

describe('effective lists per sandbox mode', () => {
  const cases: {
    name: string;
    table?: NetworkTable;
    settings?: Partial<NetworkSettings>;
    mode: Mode;
    expected: ReturnType<typeof lists>;
  }[] = [
    {
      name: 'no requirements: the user lists as written, misses asked',
      settings: USER,
      mode: 'workspace-write',
      expected: { allowed: ['api.example.com', 'docs.rs'], denied: ['tracker.example'], miss: 'ask' },
    },
    {
      name: 'read-only: managed baseline plus user additions (de-duplicated), denies united',
      table: MANAGED,
      settings: USER,
      mode: 'read-only',
      expected: {
        allowed: ['*.openai.com', 'api.example.com', 'docs.rs'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'ask',
      },
    },
    {
      name: 'unknown sandbox mode behaves as read-only',
      table: MANAGED,
      settings: USER,
      mode: undefined,
      expected: {
        allowed: ['*.openai.com', 'api.example.com', 'docs.rs'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'ask',
      },
    },
    {
      name: 'danger-full-access: allowlist pinned to the managed entries, misses denied',
      table: MANAGED,
      settings: USER,
      mode: 'danger-full-access',
      expected: {
        allowed: ['*.openai.com', 'api.example.com'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'deny',
      },
    },
    {
      name: 'external-sandbox pins like full access',
      table: MANAGED,
      settings: USER,
      mode: 'external-sandbox',
      expected: {
        allowed: ['*.openai.com', 'api.example.com'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'deny',
      },
    },
    {
      name: 'full access with deny-only requirements leaves the user allowlist alone',
      table: { domains: { 'blocked.example.com': 'deny' } },
      settings: USER,
      mode: 'danger-full-access',
      expected: {
        allowed: ['api.example.com', 'docs.rs'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'deny',
      },
    },
    {
      name: 'full access stays pinned to a managed allowlist that deny entries emptied',
      table: { domains: { 'api.example.com': 'deny' }, empty_allowlist: true },
      settings: USER,
      mode: 'danger-full-access',
      expected: { allowed: [], denied: ['api.example.com', 'tracker.example'], miss: 'deny' },
    },
    {
      name: 'a user deny beats a managed allow for the same pattern',
      table: MANAGED,
      settings: { 'network.domains': { 'api.example.com': 'deny' } },
      mode: 'workspace-write',
      expected: { allowed: ['*.openai.com'], denied: ['api.example.com', 'blocked.example.com'], miss: 'ask' },
    },
    {
      name: 'managed_allowed_domains_only: managed allow entries only, misses hard-denied, user denies kept',
      table: { ...MANAGED, managed_allowed_domains_only: true },
      settings: USER,
      mode: 'workspace-write',
      expected: {
        allowed: ['*.openai.com', 'api.example.com'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'deny',
      },
    },
    {
      name: 'managed_allowed_domains_only without managed allow entries allows nothing',
      table: { managed_allowed_domains_only: true },
      settings: USER,
      mode: 'read-only',
      expected: { allowed: [], denied: ['tracker.example'], miss: 'deny' },
    },
    {
      name: 'danger_full_access_denylist_only under danger-full-access: allow *, denies enforced',
      table: { ...MANAGED, danger_full_access_denylist_only: true },
      settings: USER,
      mode: 'danger-full-access',
      expected: { allowed: ['*'], denied: ['blocked.example.com', 'tracker.example'], miss: 'deny' },
    },
    {
      name: 'danger_full_access_denylist_only changes nothing in workspace-write',
      table: { ...MANAGED, danger_full_access_denylist_only: true },
      settings: USER,
      mode: 'workspace-write',
      expected: {
        allowed: ['*.openai.com', 'api.example.com', 'docs.rs'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'ask',
      },
    },
    {
      name: 'danger_full_access_denylist_only does not apply to external-sandbox',
      table: { ...MANAGED, danger_full_access_denylist_only: true },
      settings: USER,
      mode: 'external-sandbox',
      expected: {
        allowed: ['*.openai.com', 'api.example.com'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'deny',
      },
    },
    {
      name: 'managed_allowed_domains_only wins over danger_full_access_denylist_only',
      table: { ...MANAGED, managed_allowed_domains_only: true, danger_full_access_denylist_only: true },
      settings: USER,
      mode: 'danger-full-access',
      expected: {
        allowed: ['*.openai.com', 'api.example.com'],
        denied: ['blocked.example.com', 'tracker.example'],
        miss: 'deny',
      },
    },
  ];

  it.each(cases)('$name', ({ table, settings, mode, expected }) =>
    expect(lists(resolve(table, settings, mode))).toEqual(expected),
  );
});

describe('flags, sockets and user settings', () => {
  it('requirement flags pin the user value; a replaced value is noted quietly', () => {
    const out = resolve(
      { enabled: true, allow_local_binding: false },
      { 'network.enabled': false, 'network.allow_local_binding': true },
    );
    expect(out.effective['network.enabled']).toBe(true);
    expect(out.effective['network.allow_local_binding']).toBe(false);
    expect(out.diagnostics.map((d) => [d.severity, d.key])).toEqual([
      ['info', 'network.enabled'],
      ['info', 'network.allow_local_binding'],
    ]);
    expect(out.values['network.enabled'].rule).toBe('pinned by experimental_network.enabled');
  });

  it("without requirements the flags are the user's, default false", () => {
    const out = resolve(undefined, { 'network.allow_upstream_proxy': true });
    expect([
      out.effective['network.enabled'],
      out.effective['network.allow_upstream_proxy'],
      out.effective['network.upstream_proxy_allowed'],
    ]).toEqual([false, true, true]);
  });

  it('danger_full_access_denylist_only relaxes sockets, local binding and the upstream proxy at run time only', () => {
    const table: NetworkTable = { danger_full_access_denylist_only: true, allow_local_binding: false };
    const full = resolve(table, {}, 'danger-full-access').effective;
    expect([
      full['network.local_binding_allowed'],
      full['network.all_unix_sockets_allowed'],
      full['network.upstream_proxy_allowed'],
    ]).toEqual([true, true, true]);
    expect(full['network.allow_local_binding']).toBe(false);
    expect(full['network.danger_full_access_denylist_only']).toBe(true);
    const ws = resolve(table, {}, 'workspace-write').effective;
    expect([
      ws['network.local_binding_allowed'],
      ws['network.all_unix_sockets_allowed'],
      ws['network.danger_full_access_denylist_only'],
    ]).toEqual([false, false, false]);
  });

  it('managed_allowed_domains_only drops user allow entries from network.domains', () => {
    const out = resolve({ managed_allowed_domains_only: true, domains: { 'a.example': 'allow' } }, USER);
    expect(out.effective['network.domains']).toStrictEqual({ 'tracker.example': 'deny' });
    expect(out.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'info',
        key: 'network.domains',
        message: expect.stringContaining('["api.example.com", "docs.rs"]'),
      }),
    ]);
  });

  it("a managed unix_sockets map replaces the user's allow entries; deny entries of both stay", () => {
    const user: Partial<NetworkSettings> = {
      'network.unix_sockets': { '/tmp/mine.sock': 'allow', '/tmp/bad.sock': 'deny' },
    };
    const out = resolve(
      { unix_sockets: { '/var/run/docker.sock': 'allow', '/tmp/none.sock': 'none' } },
      user,
    ).effective;
    expect(out['network.allowed_unix_sockets']).toEqual(['/var/run/docker.sock']);
    expect(out['network.denied_unix_sockets']).toEqual(['/tmp/bad.sock']);
    expect(out['network.unix_sockets']).toStrictEqual({ '/tmp/bad.sock': 'deny' });
    expect(resolve(undefined, user).effective['network.allowed_unix_sockets']).toEqual(['/tmp/mine.sock']);
  });

  it('the permission profile named by default_permissions overrides [network] key by key', () => {
    const settings: Partial<NetworkSettings> = {
      'network.enabled': false,
      'network.domains': { 'a.example': 'allow', 'b.example': 'allow' },
      'network.permission_profile': 'workspace',
      'network.permission_profiles': {
        workspace: { enabled: true, domains: { 'b.example': 'deny', 'c.example': 'allow' } },
        other: { domains: { 'x.example': 'allow' } },
      },
    };
    const out = resolve(undefined, settings).effective;
    expect(out['network.enabled']).toBe(true);
    expect(out['network.domains']).toStrictEqual({ 'a.example': 'allow', 'b.example': 'deny', 'c.example': 'allow' });
    expect(out['network.permission_profile']).toBe('workspace');
    expect(out['network.permission_profiles']).toBeUndefined();
    expect(out['network.allowed_domains']).toEqual(['a.example', 'c.example']);
  });

  it('a profile that is not the active one is not read', () => {
    const settings: Partial<NetworkSettings> = {
      'network.permission_profiles': { dev: { domains: { 'x.example': 'allow' } } },
    };
    expect(resolve(undefined, settings).effective['network.allowed_domains']).toEqual([]);
    expect(
      resolve(undefined, { ...settings, 'network.permission_profile': 'dev' }).effective['network.allowed_domains'],
    ).toEqual(['x.example']);
  });

  it('the profile the sandbox put in force is read, not the one the user named', () => {
    const settings: Partial<NetworkSettings> = {
      'network.permission_profile': 'open',
      'network.permission_profiles': { open: { domains: { 'x.example': 'allow' } }, corp: { domains: {} } },
    };
    // Requirements replaced the user's profile with corp (an allowlist of profiles), or cleared it (a mode forced down).
    const replaced = resolve(undefined, settings, 'read-only', 'corp');
    expect(replaced.effective['network.allowed_domains']).toEqual([]);
    expect(replaced.effective['network.permission_profile']).toBe('corp');
    const cleared = resolveWith(provider, {}, settings, { sandbox_mode: 'read-only' });
    expect(cleared.effective['network.allowed_domains']).toEqual([]);
    expect(cleared.values['network.permission_profile']?.rule).toContain('the sandbox cleared default_permissions');
    // Without the sandbox provider the user's profile is read.
    expect(resolveWith(provider, {}, settings, {}).effective['network.allowed_domains']).toEqual(['x.example']);
  });
});
