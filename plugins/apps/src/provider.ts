import { APPS_PROVIDER } from './keys.js';
import { createProvider, deepEqual, formatValue, type Diagnostic, type ResolveContext } from '@ratchet/core';
import { parseUserApps, type UserApp, type UserApps } from './config.js';
import {
  conflictsOf,
  layerApps,
  parseApps,
  pinned,
  printApps,
  tightenApps,
  TOOL_PINS,
  type Apps,
  type AppsRequirement,
} from './requirement.js';
import { appsSchema } from './schema.js';

/** The apps a user configures (`[apps.<id>]` in config.toml). */
export interface AppsSettings {
  readonly apps: UserApps;
}

const own = <T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

/** Whether the user's apps satisfy every disable and every tool pin (an app or tool the user lacks satisfies none). */
export function appsAllow(required: Apps, apps: UserApps): boolean {
  if (conflictsOf(required).length > 0) return false;
  return Object.entries(required).every(([id, req]) => {
    const app = own(apps, id);
    if (req.enabled === false && app?.enabled !== false) return false;
    // enabled = true shows the app enabled unless the user decided (Codex's default); it never re-enables one.
    if (req.enabled === true && app?.enabled === undefined) return false;
    return Object.entries(req.tools ?? {}).every(([tool, pins]) =>
      TOOL_PINS.every((k) => {
        const want = pinned(pins[k]);
        return want === undefined || deepEqual(own(app?.tools, tool)?.[k], want);
      }),
    );
  });
}

/** The user's apps with the requirement applied, and a warning for every explicit user value it overrides. */
function applyRequirement({ requirement, requested }: ResolveContext<AppsRequirement, AppsSettings>) {
  const asked = requested.apps;
  const user = asked?.value ?? {};
  const setBy = (requirement.origins.apps ?? []).map((s) => s.label).join(', ') || 'requirements';
  const out: Record<string, UserApp> = { ...user };
  const diagnostics: Diagnostic[] = [];
  const warn = (id: string, message: string, suggestion: string) =>
    diagnostics.push({
      kind: 'disallowed-value',
      severity: 'warning',
      ...(asked && { source: asked.origin.source }),
      key: `apps.${id}`,
      provider: 'apps',
      message,
      suggestion,
    });
  for (const [id, req] of Object.entries(requirement.value.apps ?? {})) {
    const mine = own(user, id);
    let app = mine;
    if (req.enabled === false) {
      if (mine?.enabled === true) {
        warn(
          id,
          `app "${id}" is disabled by requirements (set by ${setBy}): its enabled = true is overridden`,
          `remove enabled = true from [apps.${id}]`,
        );
      }
      app = { ...app, enabled: false };
    } else if (req.enabled === true && mine?.enabled === undefined) {
      app = { ...app, enabled: true };
    }
    for (const [tool, pins] of Object.entries(req.tools ?? {})) {
      const set: Record<string, unknown> = {};
      for (const k of TOOL_PINS) {
        const want = pinned(pins[k]);
        if (want === undefined) continue;
        set[k] = want;
        const have = own(mine?.tools, tool)?.[k];
        if (have !== undefined && !deepEqual(have, want)) {
          warn(
            id,
            `tool "${tool}" of app "${id}": ${k} = ${formatValue(have)} is overridden by the required ${formatValue(want)} (set by ${setBy})`,
            `remove ${k} from [apps.${id}.tools."${tool}"]`,
          );
        }
      }
      if (Object.keys(set).length === 0) continue;
      const tools = app?.tools ?? {};
      app = { ...app, tools: { ...tools, [tool]: { ...own(tools, tool), ...set } } };
    }
    if (app !== undefined) out[id] = app;
  }
  return { apps: out, diagnostics };
}

/** The apps provider: `[apps.<id>] enabled = false` disables an app (connector); tool approval modes are pinned. */
export function appsProvider() {
  return createProvider({
    key: APPS_PROVIDER,
    docs: {
      summary: "Disables apps (connectors) and pins their tools' approval modes: [apps.<id>] enabled = false.",
      description:
        'enabled = false disables the app in the effective configuration, creating its entry when the user has none; ' +
        'enabled = true shows it enabled (the default) where the user did not decide, and never re-enables an app the ' +
        'user disabled. A required ' +
        'tools."<tool>".approval_mode (auto, prompt or approve) overrides the user\'s. Across layers apps are joined: ' +
        "false from any layer wins, otherwise the higher layer's value; tool pins keep the higher value and lower " +
        'layers fill gaps. Overriding an explicit user value is warned about.',
    },
    requirementKeys: ['apps'],
    fields: {
      apps: { docs: 'Apps by connector id: enabled and per-tool approval modes.', combine: { accumulate: layerApps } },
    },
    settings: {
      apps: {
        configKey: 'apps',
        docs: 'The apps (connectors) the agent may use, with per-tool approval modes.',
        constrainedBy: ['apps'],
        merge: 'tables',
        parse: parseUserApps,
      },
    },
    schema: appsSchema,
    parse(slice, { report }) {
      const apps = slice.apps === undefined ? undefined : parseApps(slice.apps, report);
      return apps ? { apps } : {};
    },
    validate({ value }, report) {
      for (const { key, values } of conflictsOf(value.apps ?? {})) {
        report({
          severity: 'error',
          kind: 'conflict',
          key,
          message: `${key} is pinned to different values: ${values.map((v) => formatValue(v)).join(' and ')}`,
          suggestion: 'pin the same value in every requirements layer',
        });
      }
    },
    tighten(a, b) {
      const apps = a.apps && b.apps ? tightenApps(a.apps, b.apps) : (a.apps ?? b.apps);
      return apps ? { apps } : {};
    },
    allows(r, v) {
      return r.apps === undefined || v.apps === undefined || appsAllow(r.apps, v.apps);
    },
    resolve(ctx) {
      const { apps, diagnostics } = applyRequirement(ctx);
      const constrained = ctx.requirement.value.apps !== undefined;
      return {
        values: {
          apps: {
            value: apps,
            rule: constrained
              ? 'as configured, except that requirements disable apps (false from any layer) and pin tool approval modes'
              : 'no [apps] requirements: apps as configured',
            constrainedBy: constrained ? ['apps'] : [],
          },
        },
        diagnostics,
      };
    },
    print(r) {
      return r.apps ? { apps: printApps(r.apps) } : {};
    },
  });
}
