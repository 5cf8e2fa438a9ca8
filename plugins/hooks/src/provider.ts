import {
  createProvider,
  deepEqual,
  expectBoolean,
  expectTable,
  isTable,
  type Diagnostic,
  type Reporter,
  type ValueOrigin,
} from '@ratchet/core';
import { featureKey } from '@ratchet/plugin-features/keys';
import { parseEvents, viewOf, type GroupView } from './config.js';
import { EVENTS, type HookEvent } from './events.js';
import {
  joinManagedHooks,
  parseAllowManagedOnly,
  parseManagedHooks,
  printManagedHooks,
  validateManagedHooks,
  type HooksRequirement,
} from './requirements.js';
import { HOOKS_PROVIDER } from './keys.js';
import { hooksSchema } from './schema.js';
import { hookEventQuestion } from './question.js';

/** The `hooks` feature flag: with it off, no hook runs. */
const HOOKS_FEATURE = featureKey('hooks');

/** User state of a hook, by hook key: `enabled = false` turns a non-managed hook off. */
export type HookState = Readonly<Record<string, { readonly enabled?: boolean }>>;

/** Hooks by event (config.toml's `[hooks]` shape), plus the user's per-hook state. */
export type HookMap = { readonly [E in HookEvent]?: readonly GroupView[] } & { readonly state?: HookState };

/** The hooks a user configures, and (once resolved) the hooks in force. */
export interface HookSettings {
  readonly hooks: HookMap;
}

function parseState(raw: unknown, key: string, report: Reporter): HookState {
  const table = expectTable(raw, key, report) ?? {};
  const state: Record<string, { enabled?: boolean }> = {};
  for (const [hook, entry] of Object.entries(table)) {
    const enabled =
      isTable(entry) && entry.enabled !== undefined
        ? expectBoolean(entry.enabled, `${key}.${hook}.enabled`, report)
        : undefined;
    state[hook] = enabled === undefined ? {} : { enabled };
  }
  return state;
}

/** One config layer's `[hooks]`: its groups (managed when the layer is the legacy managed config) and state. */
function parseUserHooks(raw: unknown, key: string, report: Reporter, origin?: ValueOrigin): HookMap | undefined {
  const table = expectTable(raw, key, report);
  if (!table) return undefined;
  const source = origin?.source ?? 'config.toml';
  const groups = parseEvents(
    table,
    key,
    { source, managed: origin?.layer === 'managed-config', keyPath: source },
    report,
    ['state'],
  );
  const map: Record<string, unknown> = {};
  for (const g of groups) ((map[g.event] ??= []) as GroupView[]).push(viewOf(g));
  if (table.state !== undefined) map.state = parseState(table.state, `${key}.state`, report);
  return map;
}

const managedGroups = (r: HooksRequirement) => (r.hooks?.groups ?? []).filter((g) => g.hooks.length > 0);
const contains = (list: readonly GroupView[] | undefined, group: GroupView) =>
  (list ?? []).some((g) => deepEqual(viewOf(g), viewOf(group)));
/** The managed groups a list starts with: managed hooks must come before any user hook of their event. */
const managedHead = (list: readonly GroupView[] | undefined) => {
  const all = list ?? [];
  const end = all.findIndex((g) => !g.managed);
  return end < 0 ? all : all.slice(0, end);
};

const stillRuns = (key: string): Diagnostic => ({
  kind: 'disallowed-value',
  severity: 'warning',
  key: `hooks.state.${key}`,
  provider: 'hooks',
  message: `managed hook ${key} cannot be disabled; it still runs`,
  suggestion: 'remove the state entry',
});

/** Hooks in canonical form: every group as listed, deduplicated, without handlers (or groups) the user's state turned off. */
function normalizeHooks(map: HookMap, notes?: Diagnostic[]): HookMap {
  const state = map.state ?? {};
  const out: Record<string, GroupView[]> = {};
  for (const event of EVENTS) {
    for (const group of map[event] ?? []) {
      const hooks = group.hooks.filter((_, i) => {
        const off = state[`${group.key}:${i}`]?.enabled === false;
        if (off && group.managed) notes?.push(stillRuns(`${group.key}:${i}`));
        return !off || group.managed;
      });
      if (hooks.length === 0) continue;
      const view = viewOf({ ...group, hooks });
      if (!contains(out[event], view)) (out[event] ??= []).push(view);
    }
  }
  return out;
}

/** The managed hooks provider: requirements hooks users cannot remove, gated by the `hooks` feature. */
export function hooksProvider() {
  return createProvider({
    key: HOOKS_PROVIDER,
    docs: {
      summary:
        'Managed lifecycle hooks from [hooks] run before any user hook and cannot be removed or disabled by users.',
      description:
        'Requirements hooks from every layer are appended (highest first); layers naming different managed directories ' +
        'for this platform fail to load. allow_managed_hooks_only = true drops hooks from user config. The hooks feature ' +
        'gates everything: pin [features].hooks = true to keep managed hooks on when a user turns hooks off.',
    },
    after: ['features'],
    questions: [hookEventQuestion],
    requirementKeys: ['hooks', 'allow_managed_hooks_only'],
    fields: {
      hooks: {
        docs: 'Managed hooks by event, with the managed script directories.',
        combine: { accumulate: joinManagedHooks },
      },
      allow_managed_hooks_only: { docs: 'When true, only managed hooks run: hooks from user config are dropped.' },
    },
    settings: {
      hooks: {
        configKey: 'hooks',
        docs: 'Lifecycle hooks from config.toml (every layer, lowest first).',
        constrainedBy: ['hooks', 'allow_managed_hooks_only'],
        merge: 'append',
        parse: parseUserHooks,
      },
    },
    schema: hooksSchema,
    parse(slice, { source, report }) {
      const hooks = slice.hooks === undefined ? undefined : parseManagedHooks(slice.hooks, source.label, report);
      const only =
        slice.allow_managed_hooks_only === undefined
          ? undefined
          : parseAllowManagedOnly(slice.allow_managed_hooks_only, report);
      return { ...(hooks && { hooks }), ...(only !== undefined && { allow_managed_hooks_only: only }) };
    },
    validate: validateManagedHooks,
    tighten(a, b) {
      const hooks = a.hooks && b.hooks ? joinManagedHooks(a.hooks, b.hooks) : (a.hooks ?? b.hooks);
      const only =
        a.allow_managed_hooks_only === true || b.allow_managed_hooks_only === true
          ? true
          : (a.allow_managed_hooks_only ?? b.allow_managed_hooks_only);
      return { ...(hooks && { hooks }), ...(only !== undefined && { allow_managed_hooks_only: only }) };
    },
    allows(r, v) {
      if (v.hooks === undefined) return true;
      const hooks = normalizeHooks(v.hooks);
      if (!managedGroups(r).every((g) => contains(managedHead(hooks[g.event]), g))) return false;
      return r.allow_managed_hooks_only !== true || EVENTS.every((e) => (hooks[e] ?? []).every((g) => g.managed));
    },
    normalize: (v) => (v.hooks === undefined ? v : { hooks: normalizeHooks(v.hooks) }),
    resolve({ requirement: { value: r }, requested, dependency }) {
      const diagnostics: Diagnostic[] = [];
      const only = r.allow_managed_hooks_only === true;
      const user = normalizeHooks(requested.hooks?.value ?? {}, diagnostics);
      // State naming a requirements hook is ignored too, and said so (once, if a copy in the user's list already warned).
      const state = requested.hooks?.value.state ?? {};
      for (const g of managedGroups(r)) {
        g.hooks.forEach((_, i) => {
          const note = stillRuns(`${g.key}:${i}`);
          if (state[`${g.key}:${i}`]?.enabled === false && !diagnostics.some((d) => d.key === note.key))
            diagnostics.push(note);
        });
      }
      const out: Record<string, GroupView[]> = {};
      // Required groups the user's list does not already start with come first; a copy further down is dropped.
      for (const g of managedGroups(r))
        if (!contains(managedHead(user[g.event]), g) && !contains(out[g.event], g))
          (out[g.event] ??= []).push(viewOf(g));
      for (const event of EVENTS)
        for (const g of user[event] ?? [])
          if ((!only || g.managed) && !contains(out[event], g)) (out[event] ??= []).push(g);
      const on = dependency(HOOKS_FEATURE) !== false;
      if (!on && managedGroups(r).length > 0) {
        diagnostics.push({
          kind: 'not-enforced',
          severity: 'warning',
          key: 'hooks',
          provider: 'hooks',
          message: 'hooks are off (features.hooks = false), managed hooks included',
          suggestion: 'pin [features].hooks = true in requirements to keep managed hooks on',
        });
      }
      const constrainedBy = [
        ...(r.hooks ? ['hooks'] : []),
        ...(r.allow_managed_hooks_only !== undefined ? ['allow_managed_hooks_only'] : []),
      ];
      const rule = !on
        ? 'off: features.hooks is false'
        : only
          ? 'managed hooks only (allow_managed_hooks_only)'
          : 'managed hooks first, then config layers lowest first';
      return { values: { hooks: { value: on ? out : {}, rule, constrainedBy } }, diagnostics };
    },
    print(r) {
      return {
        ...(r.hooks && { hooks: printManagedHooks(r.hooks) }),
        ...(r.allow_managed_hooks_only !== undefined && { allow_managed_hooks_only: r.allow_managed_hooks_only }),
      };
    },
  });
}
