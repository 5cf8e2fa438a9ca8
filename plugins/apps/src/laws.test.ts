import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { combineLayers, type LayeringMode } from '@ratchet/core';
import { checkLaws, lawSeed, resolveWith, TEST_SOURCE } from '@ratchet/testkit';
import { describeLaws } from '@ratchet/testkit/vitest';
import { appsArbitraries, appsRequirementArbitrary, userAppsArbitrary } from './arbitraries.js';
import type { UserApps } from './config.js';
import { appsProvider, type AppsSettings } from './provider.js';
import type { AppsRequirement } from './requirement.js';

const seed = lawSeed();
const provider = appsProvider();
describeLaws(provider, appsArbitraries);

type Req = Partial<AppsRequirement>;
const combined = (layers: readonly Req[], mode: LayeringMode) =>
  combineLayers(
    provider,
    layers.map((requirement, i) => ({ source: { ...TEST_SOURCE, label: `layer-${i}` }, requirement })),
    mode,
  ).value;
const resolved = (r: Req, apps: UserApps | undefined) =>
  resolveWith(provider, r, apps === undefined ? {} : { apps }).effective.apps as UserApps;
const disabled = (apps: UserApps) => Object.keys(apps).filter((id) => apps[id]!.enabled === false);

describe(`apps properties (fast-check seed ${seed})`, () => {
  const params = { seed, numRuns: 300 };
  const layers = fc.array(appsRequirementArbitrary, { maxLength: 4 });
  const userApps = fc.option(userAppsArbitrary, { nil: undefined });
  const mode = fc.constantFrom<LayeringMode>('precedence', 'strict');

  it('adding a requirement layer, at any precedence, never enables an app that was disabled', () => {
    fc.assert(
      fc.property(layers, appsRequirementArbitrary, fc.nat(), userApps, mode, (list, extra, at, apps, m) => {
        const before = resolved(combined(list, m), apps);
        const more = [...list];
        more.splice(at % (list.length + 1), 0, extra);
        const after = resolved(combined(more, m), apps);
        for (const id of disabled(before)) expect(after[id]?.enabled).toBe(false);
      }),
      params,
    );
  });

  it('user configuration never removes a managed disable', () => {
    fc.assert(
      fc.property(layers, userApps, mode, (list, apps, m) => {
        const r = combined(list, m);
        const out = resolved(r, apps);
        for (const [id, app] of Object.entries(r.apps ?? {}))
          if (app.enabled === false) expect(out[id]?.enabled).toBe(false);
      }),
      params,
    );
  });

  it('a user-disabled app stays disabled whatever the requirements say', () => {
    fc.assert(
      fc.property(appsRequirementArbitrary, userAppsArbitrary, (r, apps) => {
        const out = resolved(r, apps);
        for (const id of disabled(apps)) expect(out[id]!.enabled).toBe(false);
      }),
      params,
    );
  });

  it('keys requirements never pin are kept as the user wrote them', () => {
    fc.assert(
      fc.property(appsRequirementArbitrary, userAppsArbitrary, (r, apps) => {
        const out = resolved(r, apps);
        for (const [id, app] of Object.entries(apps))
          expect(out[id]!.destructive_enabled).toBe(app.destructive_enabled);
      }),
      params,
    );
  });
});

describe('the laws catch broken apps providers', () => {
  const failed = (variant: typeof provider) => checkLaws(variant, appsArbitraries, { numRuns: 200 }).map((f) => f.law);

  it('the real provider passes every law', () => {
    expect(failed(provider)).toEqual([]);
  });

  it('a resolve that lets enabled = true re-enable what the requirement disabled is caught', () => {
    const obeying = {
      ...provider,
      resolve: (ctx: Parameters<typeof provider.resolve>[0]) => {
        const out = provider.resolve(ctx);
        const asked = ctx.requested.apps?.value ?? {};
        const apps = Object.fromEntries(
          Object.entries(out.values.apps.value).map(([id, app]) => [
            id,
            asked[id]?.enabled === true ? { ...app, enabled: true } : app,
          ]),
        );
        return { ...out, values: { ...out.values, apps: { ...out.values.apps, value: apps } } };
      },
    };
    expect(failed(obeying)).toContain('compliance');
  });

  it('a tighten in which true beats false is caught', () => {
    const trueWins = {
      ...provider,
      tighten: (a: Req, b: Req) => {
        const met = provider.tighten(a, b);
        const enabled = (id: string) => a.apps?.[id]?.enabled === true || b.apps?.[id]?.enabled === true;
        return {
          apps: Object.fromEntries(
            Object.entries(met.apps ?? {}).map(([id, app]) => [id, enabled(id) ? { ...app, enabled: true } : app]),
          ),
        };
      },
    };
    // It shows only with a user app enabled where one layer requires false and another true: more runs find it.
    expect(checkLaws(trueWins, appsArbitraries, { numRuns: 2000 }).map((f) => f.law)).toContain('never-loosen');
  });

  it('an allows that ignores tool pins is caught', () => {
    const blind = {
      ...provider,
      allows: (r: Req, v: Partial<AppsSettings>) =>
        provider.allows(
          { apps: Object.fromEntries(Object.entries(r.apps ?? {}).map(([id, { tools: _t, ...app }]) => [id, app])) },
          v,
        ),
    };
    expect(failed(blind)).toContain('stability');
  });
});
