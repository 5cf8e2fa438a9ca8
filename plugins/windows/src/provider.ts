import { WINDOWS_PROVIDER } from './keys.js';
import {
  createProvider,
  expectBoolean,
  expectEnum,
  pickAllowed,
  type Decision,
  type Diagnostic,
  type ResolveContext,
} from '@ratchet/core';
import { FALLBACK_RULE, fallbackOf, WINDOWS_SANDBOXES, type WindowsSandbox } from './implementations.js';
import {
  FIELD,
  MXC,
  meetTables,
  parseWindowsTable,
  printWindowsTable,
  UNSATISFIABLE,
  validateWindows,
  type WindowsRequirement,
} from './requirement.js';
import { windowsSchema } from './schema.js';

/** The Windows sandbox settings a user configures in config.toml's `[windows]` table. */
export interface WindowsSettings {
  readonly 'windows.sandbox': WindowsSandbox | undefined;
  readonly 'windows.sandbox_private_desktop': boolean | undefined;
}

const SANDBOX = 'windows.sandbox';
const DESKTOP = 'windows.sandbox_private_desktop';
/** `[windows] require_mxc` as a runtime value: Ratchet reads it with Codex's type and reports it; a host enforces it. */
const REQUIRE_MXC = `${FIELD}.${MXC}`;

/** The effective `windows.sandbox`: kept when the list allows it, else the fallback (warned about when the user set it). */
function resolveSandbox({
  requirement: { value, origins },
  requested,
}: ResolveContext<WindowsRequirement, WindowsSettings>) {
  const list = value.windows?.allowed_sandbox_implementations;
  const asked = requested[SANDBOX];
  if (list === undefined) {
    return {
      decision: { value: asked?.value, rule: asked ? 'requested value' : 'not set' } as Decision<
        WindowsSandbox | undefined
      >,
      diagnostics: [],
    };
  }
  if (asked?.value === undefined) {
    // Codex rejects an unset implementation under a list, so the fallback is taken without a warning.
    return {
      decision: { value: fallbackOf(list), rule: `not set: ${FALLBACK_RULE}`, constrainedBy: [FIELD] },
      diagnostics: [],
    };
  }
  const picked = pickAllowed<WindowsSandbox>({
    provider: 'windows',
    key: SANDBOX,
    requested: { value: asked.value, origin: asked.origin },
    defaultValue: fallbackOf(list),
    field: `${FIELD}.allowed_sandbox_implementations`,
    fieldValue: list,
    sources: origins.windows ?? [],
    allowed: (impl) => list.includes(impl),
    fallback: () => ({ value: fallbackOf(list), rule: FALLBACK_RULE }),
  });
  return { decision: { ...picked.decision, constrainedBy: [FIELD] }, diagnostics: picked.diagnostics };
}

/** The effective `windows.sandbox_private_desktop`: a required value replaces the user's (noted quietly, as Codex does silently). */
function resolveDesktop({
  requirement: { value, origins },
  requested,
}: ResolveContext<WindowsRequirement, WindowsSettings>) {
  const pin = value.windows?.sandbox_private_desktop;
  const asked = requested[DESKTOP];
  const diagnostics: Diagnostic[] = [];
  if (pin === undefined)
    return {
      decision: { value: asked?.value, rule: asked ? 'requested value' : 'not set' } as Decision<boolean | undefined>,
      diagnostics,
    };
  const by = (origins.windows ?? []).map((s) => s.label).join(', ') || 'requirements';
  if (pin === UNSATISFIABLE) {
    diagnostics.push({
      kind: 'conflict',
      severity: 'error',
      source: by,
      key: DESKTOP,
      provider: 'windows',
      message: `\`${DESKTOP}\` is pinned both true and false (by ${by})`,
    });
    return { decision: { value: asked?.value, rule: 'contradicting pins', constrainedBy: [FIELD] }, diagnostics };
  }
  if (asked !== undefined && asked.value !== pin) {
    diagnostics.push({
      kind: 'disallowed-value',
      severity: 'info',
      source: asked.origin.source,
      key: DESKTOP,
      provider: 'windows',
      message: `${asked.origin.key} = ${asked.value} is replaced by the required ${DESKTOP} = ${pin} (set by ${by})`,
      suggestion: `remove ${asked.origin.key}: requirements decide it`,
    });
  }
  return { decision: { value: pin, rule: `required by ${DESKTOP}`, constrainedBy: [FIELD] }, diagnostics };
}

/** The windows provider: allowed Windows sandbox implementations and the required private-desktop setting. */
export function windowsProvider() {
  return createProvider({
    key: WINDOWS_PROVIDER,
    docs: {
      summary: 'Constrains [windows] sandbox to allowed_sandbox_implementations and pins sandbox_private_desktop.',
      description:
        'A windows.sandbox the list disallows falls back to elevated if allowed, else unelevated, with a warning; an ' +
        "unset windows.sandbox under a list takes the same fallback silently; without a list the user's value stands. " +
        "An empty list stops loading. sandbox_private_desktop replaces the user's value. require_mxc (a boolean) is " +
        'reported as the runtime value windows.require_mxc for hosts to enforce. The highest requirements ' +
        'layer with a [windows] table wins the whole table (an empty table included); strict layering intersects the ' +
        'lists and requires equal pins.',
    },
    requirementKeys: [FIELD],
    fields: {
      windows: {
        docs: 'Windows sandbox requirements: allowed_sandbox_implementations and sandbox_private_desktop; the highest layer with the table wins it whole.',
      },
    },
    settings: {
      [SANDBOX]: {
        configKey: SANDBOX,
        docs: 'The Windows sandbox implementation: elevated or unelevated.',
        constrainedBy: [FIELD],
        parse: (raw, key, report) => expectEnum(raw, key, report, WINDOWS_SANDBOXES),
      },
      [DESKTOP]: {
        configKey: DESKTOP,
        docs: 'Whether the Windows sandbox runs commands on a private desktop.',
        constrainedBy: [FIELD],
        parse: (raw, key, report) => expectBoolean(raw, key, report),
      },
    },
    outputs: [REQUIRE_MXC],
    configTables: [FIELD],
    schema: windowsSchema,
    parse(slice, { report }) {
      if (slice.windows === undefined) return {};
      const table = parseWindowsTable(slice.windows, report);
      return table ? { windows: table } : {};
    },
    validate: validateWindows,
    tighten(a, b) {
      const x = a.windows;
      const y = b.windows;
      const met = x && y ? meetTables(x, y) : (x ?? y);
      return met ? { windows: met } : {};
    },
    allows(r, v) {
      const t = r.windows;
      if (!t) return true;
      const list = t.allowed_sandbox_implementations;
      const pin = t.sandbox_private_desktop;
      if (pin === UNSATISFIABLE) return false;
      const sandbox = v[SANDBOX];
      const desktop = v[DESKTOP];
      return (
        (sandbox === undefined || list === undefined || list.includes(sandbox)) &&
        (desktop === undefined || pin === undefined || desktop === pin)
      );
    },
    resolve(ctx) {
      const sandbox = resolveSandbox(ctx);
      const desktop = resolveDesktop(ctx);
      const mxc = ctx.requirement.value.windows?.[MXC];
      return {
        values: {
          [SANDBOX]: sandbox.decision,
          [DESKTOP]: desktop.decision,
          [REQUIRE_MXC]:
            mxc === undefined
              ? { value: undefined, rule: `no ${REQUIRE_MXC} requirement` }
              : {
                  value: mxc,
                  rule: `required by ${REQUIRE_MXC}; reported for hosts to enforce`,
                  constrainedBy: [FIELD],
                },
        },
        diagnostics: [...sandbox.diagnostics, ...desktop.diagnostics],
      };
    },
    print: (r) => (r.windows ? printWindowsTable(r.windows) : {}),
  });
}
