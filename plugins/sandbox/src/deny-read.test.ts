import { describe, expect, it } from 'vitest';
import { createProvider, effectiveObject, expectStringList, type AnyProvider, providerKey } from '@ratchet/core';
import { DENY_READ } from '@ratchet/plugin-filesystem';
import { checkLaws, dependencyReader, loadPolicy, resolveWith, userConfig } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import { sandboxArbitraries } from './arbitraries.js';
import { SANDBOX_MODE } from './keys.js';
import type { SandboxMode } from './modes.js';
import { sandboxProvider, type SandboxRequirement } from './provider.js';

const provider = sandboxProvider();
const DENY = { [DENY_READ.name]: ['/home/alice/.ssh'] };

function resolve(
  requirement: Partial<SandboxRequirement>,
  asked: SandboxMode | undefined,
  deps: Record<string, unknown>,
) {
  const { effective, values, diagnostics } = resolveWith(
    provider,
    requirement,
    asked === undefined ? {} : { sandbox_mode: asked },
    deps,
  );
  return { mode: effective.sandbox_mode, decision: values.sandbox_mode, diagnostics };
}

describe('sandbox modes under a non-empty deny_read list', () => {
  it('keeps workspace-write and read-only (conformance deny-read-keeps-workspace-write)', () => {
    expect(resolve({}, 'workspace-write', DENY)).toMatchObject({ mode: 'workspace-write', diagnostics: [] });
    expect(resolve({}, 'read-only', DENY)).toMatchObject({ mode: 'read-only', diagnostics: [] });
    expect(resolve({}, undefined, DENY)).toMatchObject({ mode: 'read-only', diagnostics: [] });
  });

  it('turns danger-full-access into read-only with a sandbox_mode warning naming the allowed set', () => {
    const { mode, decision, diagnostics } = resolve({}, 'danger-full-access', DENY);
    expect(mode).toBe('read-only');
    expect(diagnostics).toEqual([
      diagnosticLike({
        kind: 'disallowed-value',
        severity: 'warning',
        key: 'sandbox_mode',
        message:
          'invalid value for `sandbox_mode`: "danger-full-access" is not in the allowed set ["read-only", "workspace-write"]',
      }),
    ]);
    expect(diagnostics[0]!.message).toContain('[permissions.filesystem] deny_read');
    expect(decision.rule).toContain('deny_read limits sandbox modes');
    // deny_read is not one of this provider's fields, so it is named in the rule only.
    expect(decision.constrainedBy).toEqual([]);
  });

  it('intersects with allowed_sandbox_modes', () => {
    const list: Partial<SandboxRequirement> = { allowed_sandbox_modes: ['read-only', 'danger-full-access'] };
    const { mode, decision, diagnostics } = resolve(list, 'danger-full-access', DENY);
    expect(mode).toBe('read-only');
    expect(decision.constrainedBy).toEqual(['allowed_sandbox_modes']);
    expect(diagnostics[0]!.message).toContain(
      'the allowed set ["read-only"] (set by req.toml, [permissions.filesystem] deny_read)',
    );
    expect(resolve({ allowed_sandbox_modes: ['read-only', 'workspace-write'] }, 'workspace-write', DENY).mode).toBe(
      'workspace-write',
    );
  });

  it('an empty or absent deny_read list limits nothing', () => {
    expect(resolve({}, 'danger-full-access', { [DENY_READ.name]: [] })).toMatchObject({
      mode: 'danger-full-access',
      diagnostics: [],
    });
    expect(resolve({}, 'danger-full-access', {})).toMatchObject({ mode: 'danger-full-access', diagnostics: [] });
  });

  it('allows judges deny_read only when given the dependency values', () => {
    const deps = dependencyReader(provider, DENY);
    expect(provider.allows({}, { sandbox_mode: 'danger-full-access' }, deps)).toBe(false);
    expect(provider.allows({}, { sandbox_mode: 'workspace-write' }, deps)).toBe(true);
    expect(provider.allows({}, {}, deps)).toBe(true);
    expect(provider.allows({}, { sandbox_mode: 'danger-full-access' })).toBe(true);
  });

  it('the laws catch an allows that ignores deny_read', () => {
    const blind = {
      ...provider,
      allows: (r: Partial<SandboxRequirement>, v: { sandbox_mode?: SandboxMode }) => provider.allows(r, v),
    };
    expect(checkLaws(blind, sandboxArbitraries, { numRuns: 200 }).map((f) => f.law)).toContain('stability');
    expect(checkLaws(provider, sandboxArbitraries, { numRuns: 200 })).toEqual([]);
  });
});

/** A stand-in for the filesystem provider: owns [permissions] and outputs the deny_read list as written. */
const fakeFilesystem = createProvider({
  key: providerKey<{ deny?: readonly string[] }, object>('filesystem'),
  docs: { summary: 'test double', description: 'test double' },
  requirementKeys: ['permissions'],
  fields: { deny: { docs: 'deny_read' } },
  settings: {},
  outputs: [DENY_READ.name],
  schema: {},
  parse: (slice, { report }) => {
    const raw = (slice.permissions as { filesystem?: { deny_read?: unknown } } | undefined)?.filesystem?.deny_read;
    const deny = raw === undefined ? undefined : expectStringList(raw, 'permissions.filesystem.deny_read', report);
    return deny ? { deny } : {};
  },
  tighten: (a, b) => ({ deny: [...(a.deny ?? []), ...(b.deny ?? [])] }),
  allows: () => true,
  resolve: ({ requirement }) => ({
    values: { [DENY_READ.name]: { value: requirement.value.deny ?? [], rule: 'as written' } },
  }),
  print: (r) => (r.deny ? { permissions: { filesystem: { deny_read: [...r.deny] } } } : {}),
});

async function run(providers: AnyProvider[], requirements: string, config: string) {
  const policy = await loadPolicy(providers, requirements);
  const resolved = policy.resolve(userConfig(config));
  return { policy, resolved, effective: effectiveObject(resolved) };
}

describe('sandbox with and without the filesystem provider loaded', () => {
  const denyToml = '[permissions.filesystem]\ndeny_read = ["/home/alice/.ssh"]\n';

  it('reads deny_read from the filesystem provider, which resolves first', async () => {
    const { effective, resolved, policy } = await run(
      [provider, fakeFilesystem],
      denyToml,
      'sandbox_mode = "danger-full-access"',
    );
    expect(effective.sandbox_mode).toBe('read-only');
    expect(resolved.diagnostics.map((d) => d.key)).toEqual(['sandbox_mode']);
    expect(policy.providers.map((p) => p.id)).toEqual(['filesystem', 'sandbox']);
    // A runtime change goes through the same check.
    const mode = policy.constrained(SANDBOX_MODE, resolved);
    expect(mode.canSet('workspace-write').ok).toBe(true);
    expect(() => mode.set('danger-full-access')).toThrow(
      'refused by requirements given the effective values of filesystem',
    );
  });

  it('keeps workspace-write under deny_read', async () => {
    const { effective } = await run([provider, fakeFilesystem], denyToml, 'sandbox_mode = "workspace-write"');
    expect(effective.sandbox_mode).toBe('workspace-write');
  });

  it('works alone: without the filesystem provider nothing limits the modes', async () => {
    const { effective, resolved, policy } = await run(
      [provider],
      'allowed_sandbox_modes = ["read-only", "danger-full-access"]\n',
      'sandbox_mode = "danger-full-access"',
    );
    expect(effective.sandbox_mode).toBe('danger-full-access');
    expect(policy.constrained(SANDBOX_MODE, resolved).canSet('danger-full-access').ok).toBe(true);
  });
});

describe('approval_policy = "never" with danger-full-access forced to read-only', () => {
  const never = { approval_policy: 'never' };
  const refusal = diagnosticLike({
    severity: 'error',
    kind: 'conflict',
    key: 'sandbox_mode',
    message: 'cannot be used because requirements do not allow `sandbox_mode = "danger-full-access"`',
  });

  it('is an error whether allowed_sandbox_modes or deny_read forced the fallback', () => {
    expect(resolve({ allowed_sandbox_modes: ['read-only'] }, 'danger-full-access', never).diagnostics).toEqual(
      expect.arrayContaining([refusal]),
    );
    expect(resolve({}, 'danger-full-access', { ...never, ...DENY }).diagnostics).toEqual(
      expect.arrayContaining([refusal]),
    );
  });

  it('is not an error for another approval policy, another requested mode, or an allowed danger-full-access', () => {
    const errors = (r: ReturnType<typeof resolve>) => r.diagnostics.filter((d) => d.severity === 'error');
    expect(
      errors(
        resolve({ allowed_sandbox_modes: ['read-only'] }, 'danger-full-access', { approval_policy: 'on-request' }),
      ),
    ).toEqual([]);
    expect(errors(resolve({ allowed_sandbox_modes: ['read-only'] }, 'workspace-write', never))).toEqual([]);
    expect(
      errors(resolve({ allowed_sandbox_modes: ['read-only', 'danger-full-access'] }, 'danger-full-access', never)),
    ).toEqual([]);
    expect(errors(resolve({ allowed_sandbox_modes: ['read-only'] }, undefined, never))).toEqual([]);
  });
});
