import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineLayers, type LayeringMode, type RequirementSource } from '@ratchet/core';
import { checkLaws, lawSeed, parseSlice, resolveWith } from '@ratchet/testkit';
import { describeDecisionLaws, describeLaws } from '@ratchet/testkit/vitest';
import {
  denyPatternArbitrary,
  HOSTS,
  MODES,
  networkArbitraries,
  networkTableArbitrary,
  PATTERNS,
  settingsArbitrary,
  SOCKETS,
} from './arbitraries.js';
import { decideHost, decideUnixSocket, decisionRank, type HostVerdict } from './gate.js';
import { normalizeHost } from './host.js';
import { parsePattern, patternMatches } from './patterns.js';
import { effectivePolicy, FULL_ACCESS_MODES, type EffectiveNetworkPolicy, type RuleDomains } from './policy.js';
import { networkProvider } from './provider.js';
import { meet, type NetworkTable } from './requirement.js';
import { keysWith, mapOf } from './rules.js';
import { networkSettingSpecs, type NetworkSettings } from './settings.js';

const seed = lawSeed();
const params = { seed, numRuns: 300 };
const provider = networkProvider();
describeLaws(provider, networkArbitraries);

/** The runtime policy the provider resolves for a requirement, user settings and sandbox mode (and the user's `.rules` hosts). */
function policyFor(
  table: NetworkTable,
  settings: Partial<NetworkSettings>,
  mode: string,
  ruleDomains?: RuleDomains,
): EffectiveNetworkPolicy {
  const { effective } = resolveWith(provider, { experimental_network: table }, settings, { sandbox_mode: mode });
  const resolvedSettings = Object.fromEntries(
    Object.keys(networkSettingSpecs).map((k) => [k, effective[k]]),
  ) as Partial<NetworkSettings>;
  return effectivePolicy({ requirement: table, settings: resolvedSettings, sandboxMode: mode, ruleDomains });
}
/** Requirement layers, highest first: each with or without an `[experimental_network]` table (an empty one included). */
const layersArbitrary = (minLength: number) =>
  fc.array(fc.option(networkTableArbitrary, { nil: undefined }), { minLength, maxLength: 4 });
const sourceOf = (i: number): RequirementSource => ({ kind: 'file', label: `layer-${i}.toml` });
function stack(tables: readonly (NetworkTable | undefined)[], mode: LayeringMode = 'precedence') {
  const layers = tables.map((t, i) => ({
    source: sourceOf(i),
    requirement: t === undefined ? {} : { experimental_network: t },
  }));
  return combineLayers(provider, layers, mode);
}
const matchesHost = (pattern: string, host: string) => {
  const p = parsePattern(pattern);
  const h = normalizeHost(host);
  return p.ok && h.ok && patternMatches(p.pattern, h.value);
};

/** A host query with everything but the deny rules fixed: managed and user allow entries, the mode, local binding. */
interface HostCase {
  readonly host: string;
  readonly managedAllow: readonly string[];
  readonly userAllow: readonly string[];
  readonly mode: string;
  readonly managedOnly: boolean;
  readonly allowLocalBinding: boolean;
}
/** A deny rule: a pattern, written by the administrator or by the user. */
interface DenyRule {
  readonly pattern: string;
  readonly managed: boolean;
}

const hostCase: fc.Arbitrary<HostCase> = fc.record({
  host: fc.constantFrom<string>(...HOSTS),
  managedAllow: fc.subarray<string>(['*', ...PATTERNS]),
  userAllow: fc.subarray<string>(['*', ...PATTERNS]),
  mode: fc.constantFrom<string>(...MODES),
  managedOnly: fc.boolean(),
  allowLocalBinding: fc.boolean(),
});
const denyRule: fc.Arbitrary<DenyRule> = fc.record({ pattern: denyPatternArbitrary, managed: fc.boolean() });

/**
 * The whole pipeline: a requirements layer parsed from legacy lists (so a deny may override an allow of the same
 * pattern), the user's map (deny written after allow), resolution, the policy, the gate.
 */
function decideWithDenies(rules: readonly DenyRule[], q: HostCase): HostVerdict {
  const layer = {
    allowed_domains: [...q.managedAllow],
    denied_domains: rules.filter((r) => r.managed).map((r) => r.pattern),
    managed_allowed_domains_only: q.managedOnly,
    allow_local_binding: q.allowLocalBinding,
  };
  const { requirement, diagnostics } = parseSlice(provider, { experimental_network: layer });
  if (diagnostics.length > 0) throw new Error(diagnostics.map((d) => d.message).join('; '));
  const user = mapOf([
    ...q.userAllow.map((p) => [p, 'allow'] as const),
    ...rules.filter((r) => !r.managed).map((r) => [r.pattern, 'deny'] as const),
  ]);
  return decideHost(policyFor(requirement.experimental_network ?? {}, { 'network.domains': user }, q.mode), q.host);
}

describeDecisionLaws(
  {
    name: 'network host decision under deny entries',
    decide: decideWithDenies,
    rank: (v: HostVerdict) => decisionRank(v.decision),
  },
  { rules: fc.array(denyRule, { maxLength: 4 }), rule: denyRule, query: hostCase },
);

interface SocketCase {
  readonly path: string;
  readonly allow: readonly string[];
  readonly allowAll: boolean;
  readonly managed: boolean;
}
const socketCase: fc.Arbitrary<SocketCase> = fc.record({
  path: fc.constantFrom<string>(...SOCKETS, 'relative.sock', '/tmp/../tmp/a.sock', '/tmp//b.sock/'),
  allow: fc.subarray<string>([...SOCKETS]),
  allowAll: fc.boolean(),
  managed: fc.boolean(),
});
describeDecisionLaws(
  {
    name: 'unix socket decision under deny entries',
    decide: (denies: readonly string[], q: SocketCase) => {
      const map = mapOf([...q.allow.map((p) => [p, 'allow'] as const), ...denies.map((p) => [p, 'deny'] as const)]);
      const table: NetworkTable = {
        dangerously_allow_all_unix_sockets: q.allowAll,
        ...(q.managed && { unix_sockets: map }),
      };
      return decideUnixSocket(
        policyFor(table, q.managed ? {} : { 'network.unix_sockets': map }, 'workspace-write'),
        q.path,
      );
    },
    rank: (v) => (v.decision === 'allow' ? 0 : 1),
  },
  {
    rules: fc.array(fc.constantFrom<string>(...SOCKETS), { maxLength: 3 }),
    rule: fc.constantFrom<string>(...SOCKETS),
    query: socketCase,
  },
);

describe(`network properties (fast-check seed ${seed})`, () => {
  it('user configuration never removes a managed deny, in any sandbox mode', () => {
    fc.assert(
      fc.property(
        networkTableArbitrary,
        settingsArbitrary,
        fc.constantFrom<string>(...MODES),
        fc.constantFrom<string>(...HOSTS),
        (table, settings, mode, host) => {
          const policy = policyFor(table, settings, mode);
          const managedDenies = keysWith(table.domains, 'deny');
          expect(policy.deny.map((e) => e.pattern)).toEqual(expect.arrayContaining(managedDenies));
          if (managedDenies.some((p) => matchesHost(p, host))) expect(decideHost(policy, host).decision).toBe('deny');
        },
      ),
      params,
    );
  });

  it('deny wins: a host some effective deny entry matches is never allowed or asked about', () => {
    fc.assert(
      fc.property(
        networkTableArbitrary,
        settingsArbitrary,
        fc.constantFrom<string>(...MODES),
        fc.constantFrom<string>(...HOSTS),
        (table, settings, mode, host) => {
          const policy = policyFor(table, settings, mode);
          const verdict = decideHost(policy, host);
          if (policy.deny.some((e) => matchesHost(e.pattern, host)))
            expect(verdict).toMatchObject({ decision: 'deny', reason: 'denylisted' });
          if (verdict.decision === 'allow') expect(verdict.entry?.list).toBe('allow');
          if (verdict.decision === 'ask' && verdict.reason !== 'review') expect(policy.onMiss).toBe('ask');
        },
      ),
      params,
    );
  });

  it('review entries only ever turn an allow into a prompt: without them every other decision is the same', () => {
    fc.assert(
      fc.property(
        networkTableArbitrary,
        settingsArbitrary,
        fc.constantFrom<string>(...MODES),
        fc.constantFrom<string>(...HOSTS),
        (table, settings, mode, host) => {
          const { review_domains: _review, ...unreviewed } = table;
          const withReview = decideHost(policyFor(table, settings, mode), host);
          const without = decideHost(policyFor(unreviewed, settings, mode), host);
          if (withReview.reason === 'review') expect([without.decision, withReview.decision]).toEqual(['allow', 'ask']);
          else expect(withReview.decision).toBe(without.decision);
        },
      ),
      params,
    );
  });

  it("hosts from .rules files count as the user's own: they never get past a managed deny, managed_allowed_domains_only or a pinned allowlist", () => {
    const exact = fc.constantFrom<string>(...PATTERNS.filter((p) => !p.includes('*')));
    const ruleDomains = fc
      .record({ allowed: fc.uniqueArray(exact, { maxLength: 4 }), denied: fc.uniqueArray(exact, { maxLength: 2 }) })
      .map(({ allowed, denied }) => ({ allowed: allowed.filter((h) => !denied.includes(h)), denied }));
    fc.assert(
      fc.property(
        networkTableArbitrary,
        settingsArbitrary,
        ruleDomains,
        fc.constantFrom<string>(...MODES),
        fc.constantFrom<string>(...HOSTS),
        (table, settings, rules, mode, host) => {
          const withRules = policyFor(table, settings, mode, rules);
          const verdict = decideHost(withRules, host);
          if (keysWith(table.domains, 'deny').some((p) => matchesHost(p, host))) expect(verdict.decision).toBe('deny');
          if (rules.denied.some((p) => matchesHost(p, host))) expect(verdict.decision).toBe('deny');
          if (verdict.decision === 'allow' && verdict.entry?.from === 'rules') {
            expect(withRules.managedAllowedDomainsOnly).toBe(false);
            expect(rules.allowed).toContain(verdict.entry.pattern);
          }
          const managedAllow = keysWith(table.domains, 'allow');
          if (
            table.managed_allowed_domains_only === true ||
            (FULL_ACCESS_MODES.includes(mode) && (managedAllow.length > 0 || table.empty_allowlist === true))
          ) {
            expect(
              withRules.allow.every((e) => e.from === 'managed' || e.from === 'danger_full_access_denylist_only'),
            ).toBe(true);
          }
        },
      ),
      params,
    );
  });

  it('precedence: the highest layer with a table wins it whole, an empty one included, and only that layer is named', () => {
    fc.assert(
      fc.property(layersArbitrary(1), (tables) => {
        const top = tables.findIndex((t) => t !== undefined);
        const { value, origins } = stack(tables);
        expect(value.experimental_network).toStrictEqual(top < 0 ? undefined : tables[top]);
        expect(origins.experimental_network).toStrictEqual(top < 0 ? undefined : [sourceOf(top)]);
      }),
      params,
    );
  });

  it('precedence: once a higher layer has the table, adding lower layers never changes the combined requirement', () => {
    const higher = layersArbitrary(1).filter((tables) => tables.some((t) => t !== undefined));
    fc.assert(
      fc.property(higher, layersArbitrary(1), (above, below) => {
        expect(stack([...above, ...below])).toStrictEqual(stack(above));
      }),
      params,
    );
  });

  it('precedence: an empty table masks every lower one, so resolution is that of no network requirements at all', () => {
    fc.assert(
      fc.property(layersArbitrary(0), settingsArbitrary, fc.constantFrom<string>(...MODES), (below, settings, mode) => {
        const { value } = stack([{}, ...below]);
        expect(value).toStrictEqual({ experimental_network: {} });
        expect(resolveWith(provider, value, settings, { sandbox_mode: mode }).effective).toStrictEqual(
          resolveWith(provider, {}, settings, { sandbox_mode: mode }).effective,
        );
      }),
      params,
    );
  });

  it('precedence: host decisions are those of the winning table alone, whatever lies below it', () => {
    fc.assert(
      fc.property(
        networkTableArbitrary,
        layersArbitrary(0),
        settingsArbitrary,
        fc.constantFrom<string>(...MODES),
        fc.constantFrom<string>(...HOSTS),
        (top, below, settings, mode, host) => {
          const combined = stack([undefined, top, ...below]).value.experimental_network ?? {};
          expect(decideHost(policyFor(combined, settings, mode), host)).toStrictEqual(
            decideHost(policyFor(top, settings, mode), host),
          );
        },
      ),
      params,
    );
  });

  it('strict layering never allows settings the winning table of precedence layering refuses', () => {
    fc.assert(
      fc.property(layersArbitrary(1), settingsArbitrary, (tables, settings) => {
        if (provider.allows(stack(tables, 'strict').value, settings))
          expect(provider.allows(stack(tables).value, settings)).toBe(true);
      }),
      params,
    );
  });

  it('strict meet: a managed allow entry of the meet matches only hosts both sides allowlist', () => {
    fc.assert(
      fc.property(networkTableArbitrary, networkTableArbitrary, fc.constantFrom<string>(...HOSTS), (a, b, host) => {
        const [allowA, allowB] = [keysWith(a.domains, 'allow'), keysWith(b.domains, 'allow')];
        fc.pre(allowA.length > 0 && allowB.length > 0);
        const m = meet(a, b);
        if (keysWith(m.domains, 'allow').some((p) => matchesHost(p, host))) {
          expect(allowA.some((p) => matchesHost(p, host)) && allowB.some((p) => matchesHost(p, host))).toBe(true);
        }
        for (const p of [...keysWith(a.domains, 'deny'), ...keysWith(b.domains, 'deny')])
          expect(m.domains?.[p]).toBe('deny');
      }),
      params,
    );
  });
});

describe('the laws catch broken network providers', () => {
  const failed = (variant: typeof provider) =>
    checkLaws(variant, networkArbitraries, { numRuns: 200 }).map((f) => f.law);

  it('the real provider passes every law', () => {
    expect(failed(provider)).toEqual([]);
  });

  it('an allows that ignores managed_allowed_domains_only is caught (resolve drops what it claims to allow)', () => {
    const lax = {
      ...provider,
      allows: (r: Parameters<typeof provider.allows>[0], v: Parameters<typeof provider.allows>[1]) =>
        provider.allows(
          r.experimental_network
            ? { experimental_network: { ...r.experimental_network, managed_allowed_domains_only: false } }
            : r,
          v,
        ),
    };
    expect(failed(lax)).toContain('stability');
  });

  it("a tighten that lets the second side's pins win is caught", () => {
    const loose = {
      ...provider,
      tighten: (a: Parameters<typeof provider.tighten>[0], b: Parameters<typeof provider.tighten>[1]) =>
        a.experimental_network && b.experimental_network
          ? { experimental_network: { ...a.experimental_network, ...b.experimental_network } }
          : provider.tighten(a, b),
    };
    expect(failed(loose)).toEqual(expect.arrayContaining(['never-loosen']));
  });
});
