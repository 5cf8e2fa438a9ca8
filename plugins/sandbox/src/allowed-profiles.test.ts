import { describe, expect, it } from 'vitest';
import { DiagnosticBag, InputError, type Table } from '@ratchet/core';
import { checkLaws, loadPolicy, parseSlice, userConfig } from '@ratchet/testkit';
import { sandboxArbitraries } from './arbitraries.js';
import { diagnosticLike, type DiagnosticExpectation as Expected } from '@ratchet/testkit/vitest';
import { SANDBOX_MODE } from './keys.js';
import { sandboxProvider, type SandboxRequirement } from './provider.js';

const provider = sandboxProvider();
const parse = (slice: Table) => parseSlice(provider, slice);
const like = (expected: Expected) => diagnosticLike({ source: 'req.toml', ...expected });

const pair = { ':workspace': true, ':read-only': true };

describe('allowed_permission_profiles and default_permissions parse: valid slices', () => {
  const cases: { name: string; input: Table; expected: Partial<SandboxRequirement> }[] = [
    {
      name: 'a map of profile names to booleans, with the default',
      input: { allowed_permission_profiles: { ':read-only': true, dev: false }, default_permissions: ':read-only' },
      expected: { allowed_permission_profiles: { allowed: { ':read-only': true, dev: false }, default: ':read-only' } },
    },
    {
      name: 'an empty map parses (validation decides)',
      input: { allowed_permission_profiles: {} },
      expected: { allowed_permission_profiles: { allowed: {} } },
    },
    {
      name: 'default_permissions alone parses (validation refuses it)',
      input: { default_permissions: 'corp' },
      expected: { allowed_permission_profiles: { default: 'corp' } },
    },
    {
      name: 'a profile named __proto__ is a plain entry',
      input: { allowed_permission_profiles: JSON.parse('{"__proto__": true}') as Table },
      expected: {
        allowed_permission_profiles: { allowed: JSON.parse('{"__proto__": true}') as Record<string, boolean> },
      },
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(requirement).toStrictEqual(expected);
    expect(diagnostics).toEqual([]);
    expect(parse(provider.print(requirement)).requirement).toStrictEqual(requirement);
  });
});

describe('allowed_permission_profiles and default_permissions parse: invalid slices', () => {
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    {
      name: 'a list is refused: Codex expects a map',
      input: { allowed_permission_profiles: [':workspace'] },
      expected: [{ kind: 'invalid-type', key: 'allowed_permission_profiles', message: 'array, expected a map' }],
    },
    {
      name: 'a string value is refused: each profile is a boolean',
      input: { allowed_permission_profiles: { ':read-only': 'yes' } },
      expected: [{ kind: 'invalid-type', key: 'allowed_permission_profiles.:read-only', message: 'a boolean' }],
    },
    {
      name: 'default_permissions must be a string',
      input: { default_permissions: 1, allowed_permission_profiles: pair },
      expected: [{ kind: 'invalid-type', key: 'default_permissions', message: 'expected a string' }],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    const { requirement, diagnostics } = parse(input);
    expect(diagnostics).toEqual(expected.map((e) => like({ severity: 'error', ...e })));
    expect(requirement.allowed_permission_profiles).toBeUndefined();
  });
});

describe('allowed_permission_profiles and default_permissions: validation of the combined requirement', () => {
  const validate = (slice: Table) => {
    const bag = new DiagnosticBag('req.toml');
    provider.validate({ value: parse(slice).requirement, origins: {} }, bag.report);
    return bag.items;
  };
  const cases: { name: string; input: Table; expected: Expected[] }[] = [
    { name: 'the standard pair needs no default', input: { allowed_permission_profiles: pair }, expected: [] },
    {
      name: 'an allowed default',
      input: { allowed_permission_profiles: { ':read-only': true }, default_permissions: ':read-only' },
      expected: [],
    },
    {
      name: 'a default without an allowlist',
      input: { default_permissions: ':read-only' },
      expected: [{ key: 'default_permissions', message: 'default_permissions requires allowed_permission_profiles' }],
    },
    {
      name: 'no default and not both built-ins',
      input: { allowed_permission_profiles: { ':workspace': true } },
      expected: [
        {
          key: 'default_permissions',
          message:
            'default_permissions must be set unless allowed_permission_profiles allows both `:workspace` and `:read-only`',
        },
      ],
    },
    {
      name: 'both built-ins listed but one denied',
      input: { allowed_permission_profiles: { ':workspace': true, ':read-only': false } },
      expected: [{ key: 'default_permissions', message: 'must be set unless' }],
    },
    {
      name: 'a default the allowlist does not allow',
      input: { allowed_permission_profiles: { ':read-only': true }, default_permissions: ':workspace' },
      expected: [
        {
          key: 'default_permissions',
          message: 'default_permissions `:workspace` must be allowed by allowed_permission_profiles',
        },
      ],
    },
    {
      name: 'an empty allowlist allows no default',
      input: { allowed_permission_profiles: {}, default_permissions: ':read-only' },
      expected: [{ key: 'default_permissions', message: 'must be allowed by' }],
    },
  ];

  it.each(cases)('$name', ({ input, expected }) => {
    expect(validate(input)).toEqual(expected.map((e) => diagnosticLike({ severity: 'error', ...e })));
  });
});

describe('permission profiles in force: the user config under [allowed_permission_profiles]', () => {
  const only = 'default_permissions = ":read-only"\n[allowed_permission_profiles]\n":read-only" = true\n';
  const both = '[allowed_permission_profiles]\n":read-only" = true\n":workspace" = true\n';
  const resolve = async (requirements: string, config: string) =>
    (await loadPolicy([sandboxProvider()], requirements)).resolve(userConfig(config));

  // Each row was answered by Codex 0.171 on the same input (effective sandbox and active profile).
  const cases: {
    name: string;
    requirements: string;
    config: string;
    mode: string;
    profile: string | undefined;
    warned: string[];
  }[] = [
    {
      name: 'a profile the list does not allow falls back to the required one',
      requirements: only,
      config: 'default_permissions = ":workspace"\n',
      mode: 'read-only',
      profile: ':read-only',
      warned: ['permission_profile'],
    },
    {
      name: 'a profile set false falls back too',
      requirements: only + '":danger-full-access" = false\n',
      config: 'default_permissions = ":danger-full-access"\n',
      mode: 'read-only',
      profile: ':read-only',
      warned: ['permission_profile'],
    },
    {
      name: 'an unknown profile falls back (no refusal under an allowlist)',
      requirements: only,
      config: 'default_permissions = "nope"\n',
      mode: 'read-only',
      profile: ':read-only',
      warned: ['permission_profile'],
    },
    {
      name: 'an allowed profile stands over the required default',
      requirements: only + '":workspace" = true\n',
      config: 'default_permissions = ":workspace"\n',
      mode: 'workspace-write',
      profile: ':workspace',
      warned: [],
    },
    {
      name: 'nothing asked: the standard pair implies :workspace',
      requirements: both,
      config: '',
      mode: 'workspace-write',
      profile: ':workspace',
      warned: [],
    },
    {
      name: 'sandbox_mode gives way to the required profile, with a warning',
      requirements: both,
      config: 'sandbox_mode = "danger-full-access"\n',
      mode: 'workspace-write',
      profile: ':workspace',
      warned: ['sandbox_mode'],
    },
    {
      name: 'a user-defined profile the list allows stands',
      requirements: only + 'dev = true\n',
      config: 'default_permissions = "dev"\n[permissions.dev.filesystem]\n":project_roots" = "write"\n',
      mode: 'workspace-write',
      profile: 'dev',
      warned: [],
    },
    {
      name: 'allowed_sandbox_modes still applies: a required profile forced down is cleared, with a warning',
      requirements: 'allowed_sandbox_modes = ["read-only"]\n' + both,
      config: '',
      mode: 'read-only',
      profile: undefined,
      warned: ['permission_profile'],
    },
  ];

  it.each(cases)('$name', async ({ requirements, config, mode, profile, warned }) => {
    const resolved = await resolve(requirements, config);
    expect(resolved.entries.get('sandbox_mode')?.value).toBe(mode);
    expect(resolved.entries.get('permission_profile')?.value).toBe(profile);
    const warnings = resolved.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.key);
    expect(warnings).toEqual(warned);
  });

  it('sandbox_mode = "read-only" is kept: stricter than Codex, which applies the required profile', async () => {
    const resolved = await resolve(both, 'sandbox_mode = "read-only"\n');
    expect(resolved.entries.get('sandbox_mode')?.value).toBe('read-only');
    expect(resolved.diagnostics).toEqual([]);
  });

  it('the fallback warning names the profile asked for, the one applied and the requirement', async () => {
    const resolved = await resolve(only, 'default_permissions = ":workspace"\n');
    expect(resolved.diagnostics).toEqual([
      diagnosticLike({
        severity: 'warning',
        key: 'permission_profile',
        message:
          '(default_permissions) is disallowed by requirements; falling back from `:workspace` to the required profile `:read-only`',
      }),
    ]);
    const fields = (key: string) => resolved.entries.get(key)?.constraints.map((c) => c.field);
    expect(resolved.entries.get('permission_profile')?.rule).toContain('the required profile: default_permissions');
    expect(fields('permission_profile')).toEqual(['allowed_permission_profiles']);
    expect(fields('sandbox_mode')).toEqual(['allowed_permission_profiles']);
  });

  it("a host may ask about the sandbox mode at run time: read-only or the required profile's mode", async () => {
    const policy = await loadPolicy([sandboxProvider()], both);
    const mode = policy.constrained(SANDBOX_MODE, policy.resolve(userConfig('')));
    expect(mode.value).toBe('workspace-write');
    expect([mode.canSet('read-only').ok, mode.canSet('danger-full-access').ok]).toEqual([true, false]);
  });

  it('an allowlist entry naming a profile nothing defines stops loading, as in Codex', async () => {
    const error = await resolve(only + 'dev = true\n', '').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toContain('allowed_permission_profiles refers to undefined profile `dev`');
  });
});

describe('permission profiles across layers', () => {
  it('the highest layer that sets either key sets both: a higher list without its default stops loading', async () => {
    const higher = '[allowed_permission_profiles]\n":read-only" = true\n';
    const lower = 'default_permissions = ":read-only"\n[allowed_permission_profiles]\n":read-only" = true\n';
    const error = await loadPolicy([sandboxProvider()], [higher, lower]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as InputError).message).toContain('default_permissions must be set unless');
  });

  it("a lower layer never supplies the default for a higher layer's list: the two keys come from one layer", async () => {
    const higher =
      '[allowed_permission_profiles]\n":read-only" = true\n":workspace" = true\n":danger-full-access" = true\n';
    const lower = 'default_permissions = ":danger-full-access"\n';
    const resolved = (await loadPolicy([sandboxProvider()], [higher, lower])).resolve(userConfig(''));
    expect(resolved.entries.get('permission_profile')?.value).toBe(':workspace');
  });

  it('strict layering allows only what every layer allows, and falls back only where both would', () => {
    const wide = { allowed: { ':read-only': true, ':workspace': true }, default: ':workspace' };
    const met = provider.tighten(
      { allowed_permission_profiles: wide },
      { allowed_permission_profiles: { allowed: { ':read-only': true }, default: ':read-only' } },
    );
    expect(met).toStrictEqual({
      allowed_permission_profiles: { allowed: { ':read-only': true, ':workspace': false }, default: ':read-only' },
    });
    const same = provider.tighten({ allowed_permission_profiles: wide }, { allowed_permission_profiles: wide });
    expect(same).toStrictEqual({ allowed_permission_profiles: wide });
  });
});

describe('permission profiles under the laws', () => {
  it('the laws catch an allows that ignores the allowlist, and one whose tighten drops it', () => {
    const blind = {
      ...provider,
      allows: (r: Partial<SandboxRequirement>, v: Parameters<typeof provider.allows>[1]) =>
        provider.allows({ ...(r.allowed_sandbox_modes && { allowed_sandbox_modes: r.allowed_sandbox_modes }) }, v),
    };
    expect(checkLaws(blind, sandboxArbitraries, { numRuns: 200 }).map((f) => f.law)).toContain('stability');
    const loose = {
      ...provider,
      tighten: (a: Partial<SandboxRequirement>, b: Partial<SandboxRequirement>) => {
        const { allowed_permission_profiles: _dropped, ...rest } = provider.tighten(a, b);
        return rest;
      },
    };
    expect(checkLaws(loose, sandboxArbitraries, { numRuns: 200 }).map((f) => f.law)).toContain('never-loosen');
  });
});
