import { describe, expect, it } from 'vitest';
import { combineLayers, type LayeringMode } from '@ratchet/core';
import { resolveWith, TEST_SOURCE } from '@ratchet/testkit';
import { diagnosticLike } from '@ratchet/testkit/vitest';
import type { UserApps } from './config.js';
import { appsProvider } from './provider.js';
import type { AppsRequirement } from './requirement.js';

const provider = appsProvider();
const tool = 'calendar/list_events';
type Req = Partial<AppsRequirement>;

const resolve = (r: Req, apps?: UserApps) => {
  const { effective, values, diagnostics } = resolveWith(provider, r, apps === undefined ? {} : { apps });
  return { apps: effective.apps as UserApps, decision: values.apps, diagnostics };
};

describe('apps resolve', () => {
  it('a required enabled = false disables an app the user enabled, with a warning naming apps.<id>', () => {
    const { apps, diagnostics, decision } = resolve(
      { apps: { c1: { enabled: false } } },
      { c1: { enabled: true, destructive_enabled: true } },
    );
    expect(apps).toEqual({ c1: { enabled: false, destructive_enabled: true } });
    expect(diagnostics).toEqual([
      diagnosticLike({
        kind: 'disallowed-value',
        severity: 'warning',
        key: 'apps.c1',
        source: 'config.toml',
        message: 'req.toml',
      }),
    ]);
    expect(decision.constrainedBy).toEqual(['apps']);
  });

  it('creates the disabled entry when the user has none, silently', () => {
    expect(resolve({ apps: { c1: { enabled: false } } })).toMatchObject({
      apps: { c1: { enabled: false } },
      diagnostics: [],
    });
    expect(resolve({ apps: { c1: { enabled: false } } }, { other: { enabled: true } }).apps).toEqual({
      other: { enabled: true },
      c1: { enabled: false },
    });
  });

  it('an entry without an explicit enabled is disabled without a warning', () => {
    expect(resolve({ apps: { c1: { enabled: false } } }, { c1: { destructive_enabled: false } })).toMatchObject({
      apps: { c1: { enabled: false, destructive_enabled: false } },
      diagnostics: [],
    });
  });

  it('a required enabled = true never re-enables a user-disabled app, and shows an undecided one enabled', () => {
    expect(resolve({ apps: { c1: { enabled: true } } }, { c1: { enabled: false } })).toMatchObject({
      apps: { c1: { enabled: false } },
      diagnostics: [],
    });
    // As Codex 0.171 shows it: an app named with enabled = true is enabled, Codex's default.
    expect(resolve({ apps: { c1: { enabled: true } } }, {}).apps).toEqual({ c1: { enabled: true } });
    expect(resolve({ apps: { c1: { enabled: true } } }, { c1: { destructive_enabled: false } }).apps).toEqual({
      c1: { destructive_enabled: false, enabled: true },
    });
  });

  it("a managed tool approval_mode overrides the user's, with a warning", () => {
    const { apps, diagnostics } = resolve(
      { apps: { c1: { tools: { [tool]: { approval_mode: 'approve' } } } } },
      { c1: { tools: { [tool]: { approval_mode: 'prompt', enabled: true } } } },
    );
    expect(apps).toEqual({ c1: { tools: { [tool]: { approval_mode: 'approve', enabled: true } } } });
    expect(diagnostics).toEqual([
      diagnosticLike({ key: 'apps.c1', message: `tool "${tool}" of app "c1": approval_mode = "prompt" is overridden` }),
    ]);
  });

  it('a managed tool pin the user agrees with, or did not set, is applied silently', () => {
    const r: Req = {
      apps: {
        c1: { tools: { [tool]: { approval_mode: 'auto', analytics_result_source: { format: 'f', type: 't' } } } },
      },
    };
    expect(resolve(r, { c1: { tools: { [tool]: { approval_mode: 'auto' } } } })).toMatchObject({
      apps: {
        c1: { tools: { [tool]: { approval_mode: 'auto', analytics_result_source: { format: 'f', type: 't' } } } },
      },
      diagnostics: [],
    });
    expect(resolve(r).apps).toEqual({
      c1: { tools: { [tool]: { approval_mode: 'auto', analytics_result_source: { format: 'f', type: 't' } } } },
    });
  });

  it('without requirements the apps are as configured', () => {
    const apps: UserApps = { c1: { enabled: false }, c2: { tools: { t: { approval_mode: 'prompt' } } } };
    expect(resolve({}, apps)).toMatchObject({
      apps,
      diagnostics: [],
      decision: { rule: 'no [apps] requirements: apps as configured', constrainedBy: [] },
    });
    expect(resolve({}).apps).toEqual({});
  });
});

describe('apps layering', () => {
  const combine = (layers: Req[], mode: LayeringMode = 'precedence') =>
    combineLayers(
      provider,
      layers.map((requirement, i) => ({ source: { ...TEST_SOURCE, label: `layer-${i}` }, requirement })),
      mode,
    );

  it('enabled = false from any layer wins', () => {
    expect(combine([{ apps: { c1: { enabled: false } } }, { apps: { c1: { enabled: true } } }]).value).toEqual({
      apps: { c1: { enabled: false } },
    });
    expect(combine([{ apps: { c1: { enabled: true } } }, { apps: { c1: { enabled: false } } }]).value).toEqual({
      apps: { c1: { enabled: false } },
    });
    expect(combine([{ apps: { c1: { enabled: true } } }, { apps: { c1: {} } }]).value).toEqual({
      apps: { c1: { enabled: true } },
    });
  });

  it('apps are joined across layers, and an empty higher [apps] does not block lower disables', () => {
    const combined = combine([
      { apps: {} },
      { apps: { other: { enabled: true } } },
      { apps: { c1: { enabled: false } } },
    ]);
    expect(combined.value).toEqual({ apps: { other: { enabled: true }, c1: { enabled: false } } });
    expect(combined.origins.apps?.map((s) => s.label)).toEqual(['layer-0', 'layer-1', 'layer-2']);
  });

  it('tool pins keep the higher value; lower layers fill gaps', () => {
    const source = { format: 'f', type: 't' };
    const combined = combine([
      { apps: { c1: { tools: { [tool]: { approval_mode: 'approve' } } } } },
      {
        apps: {
          c1: {
            tools: {
              [tool]: { approval_mode: 'prompt', analytics_result_source: source },
              other: { approval_mode: 'auto' },
            },
          },
        },
      },
    ]);
    expect(combined.value).toEqual({
      apps: {
        c1: {
          tools: {
            [tool]: { approval_mode: 'approve', analytics_result_source: source },
            other: { approval_mode: 'auto' },
          },
        },
      },
    });
  });

  it('strict layering meets the layers: false wins, different pins conflict', () => {
    const combined = combine(
      [
        { apps: { c1: { enabled: true, tools: { [tool]: { approval_mode: 'approve' } } } } },
        { apps: { c1: { enabled: false, tools: { [tool]: { approval_mode: 'prompt' } } } } },
      ],
      'strict',
    );
    expect(combined.value).toEqual({
      apps: { c1: { enabled: false, tools: { [tool]: { approval_mode: { conflict: ['approve', 'prompt'] } } } } },
    });
  });
});
