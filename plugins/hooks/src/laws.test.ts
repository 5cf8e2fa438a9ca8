import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLaws, lawSeed, resolveWith } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { hookMapArbitrary, hooksArbitraries, managedHooksArbitrary, requirementArbitrary } from './arbitraries.js';
import type { GroupView } from './config.js';
import { EVENTS } from './events.js';
import { hooksProvider, type HookMap } from './provider.js';
import type { HooksRequirement } from './requirements.js';

const seed = lawSeed();
const provider = hooksProvider();
describeLaws(provider, hooksArbitraries);

const ON = { 'features.hooks': true };
const resolved = (r: Partial<HooksRequirement>, hooks: HookMap) =>
  resolveWith(provider, r, { hooks }, ON).effective.hooks as HookMap;

/** The view a group is listed with, written out here rather than through the plugin's `viewOf`. */
const listed = (g: GroupView): GroupView => ({
  ...(g.matcher !== undefined && { matcher: g.matcher }),
  hooks: g.hooks,
  source: g.source,
  managed: g.managed,
  key: g.key,
});
const same = (a: GroupView, b: GroupView) => isDeepStrictEqual(listed(a), listed(b));
const indexIn = (list: readonly GroupView[] | undefined, g: GroupView) => (list ?? []).findIndex((x) => same(x, g));
/** Every listed group of a resolved map, with its event and position. */
const entries = (map: HookMap) => EVENTS.flatMap((event) => (map[event] ?? []).map((g, i) => ({ event, g, i })));
const required = (r: Partial<HooksRequirement>) => (r.hooks?.groups ?? []).filter((g) => g.hooks.length > 0);

describe(`managed hooks properties (fast-check seed ${seed})`, () => {
  const params = { seed, numRuns: 300 };

  it('(a) user configuration never removes a managed hook nor lists one after a user hook of its event', () => {
    fc.assert(
      fc.property(requirementArbitrary, hookMapArbitrary, (r, hooks) => {
        const out = resolved(r, hooks);
        for (const g of required(r)) {
          const at = indexIn(out[g.event], listed(g));
          expect(at, `managed group ${g.key} is missing`).toBeGreaterThanOrEqual(0);
          const firstUser = (out[g.event] ?? []).findIndex((x) => !x.managed);
          if (firstUser >= 0) expect(at, `managed group ${g.key} comes after a user group`).toBeLessThan(firstUser);
          // Its handlers are all there, whatever `state` says.
          expect(out[g.event]![at]!.hooks).toStrictEqual(g.hooks);
        }
      }),
      params,
    );
  });

  it('(a) user state turns off user handlers only, and nothing is listed twice', () => {
    fc.assert(
      fc.property(requirementArbitrary, hookMapArbitrary, (r, hooks) => {
        const out = resolved(r, hooks);
        for (const { event, g, i } of entries(out)) {
          expect(indexIn(out[event], g)).toBe(i);
          if (g.managed) continue;
          const asked = hooks[event]!.find((x) => x.key === g.key)!;
          const kept = asked.hooks.filter((_, h) => hooks.state?.[`${g.key}:${h}`]?.enabled !== false);
          expect(g.hooks).toStrictEqual(kept);
        }
      }),
      params,
    );
  });

  it('(b) adding a managed hook layer never removes a hook that was present', () => {
    fc.assert(
      fc.property(requirementArbitrary, managedHooksArbitrary, hookMapArbitrary, (r, layer, hooks) => {
        const before = resolved(r, hooks);
        const after = resolved(provider.tighten(r, { hooks: layer }), hooks);
        for (const { event, g } of entries(before))
          expect(indexIn(after[event], g), `lost ${g.key}`).toBeGreaterThanOrEqual(0);
      }),
      params,
    );
  });

  it('(c) with allow_managed_hooks_only every resolved group is managed', () => {
    fc.assert(
      fc.property(requirementArbitrary, hookMapArbitrary, (r, hooks) => {
        const out = resolved({ ...r, allow_managed_hooks_only: true }, hooks);
        for (const { g } of entries(out)) expect(g.managed).toBe(true);
      }),
      params,
    );
  });
});

describe('the laws catch broken hooks providers', () => {
  const failed = (variant: typeof provider) => checkLaws(variant, hooksArbitraries, { numRuns: 200 }).map((f) => f.law);

  it('the real provider passes every law', () => {
    expect(failed(provider)).toEqual([]);
  });

  it('a resolve that drops managed groups when the user disables them is caught', () => {
    const obeying = {
      ...provider,
      resolve: (ctx: Parameters<typeof provider.resolve>[0]) => {
        const out = provider.resolve(ctx);
        const state = ctx.requested.hooks?.value.state ?? {};
        const off = (g: GroupView): boolean => g.hooks.some((_, i) => state[`${g.key}:${i}`]?.enabled === false);
        const value = Object.fromEntries(
          Object.entries(out.values.hooks.value).map(([event, groups]) => [
            event,
            (groups as GroupView[]).filter((g) => !(g.managed && off(g))),
          ]),
        );
        return { ...out, values: { hooks: { ...out.values.hooks, value: value as HookMap } } };
      },
    };
    expect(failed(obeying)).toContain('compliance');
  });
});
