import {
  createProvider,
  expectEnum,
  expectEnumList,
  expectString,
  formatValue,
  pickAllowed,
  type DependencyReader,
  type Diagnostic,
  type Requested,
  type RequestedSettings,
  type Table,
} from '@ratchet/core';
import type { ApprovalPolicy } from '@ratchet/plugin-approvals';
import { APPROVAL_POLICY } from '@ratchet/plugin-approvals/keys';
import { DENY_READ } from '@ratchet/plugin-filesystem/keys';
import { DENY_READ_MODES, FALLBACK_MODE, SANDBOX_MODES, USER_SANDBOX_MODES, type SandboxMode } from './modes.js';
import { BUILTIN_PROFILES, parseProfiles, profileMode, type ProfileModes } from './profiles.js';
import { parseRemoteEntries, selectRemoteEntry } from './remote.js';
import { SANDBOX_PROVIDER } from './keys.js';
import { sandboxSchema } from './schema.js';

/** What requirements say about sandboxing (after host-specific entries were applied per layer). */
export interface SandboxRequirement {
  readonly allowed_sandbox_modes?: readonly SandboxMode[];
}

/** The sandbox settings a user configures: `sandbox_mode`, or a permission profile (`default_permissions`), which wins. */
export interface SandboxSettings {
  readonly sandbox_mode: SandboxMode;
  /** `default_permissions`: a built-in profile (`:read-only`, `:workspace`, `:danger-full-access`) or a `[permissions]` name. */
  readonly permission_profile: string | undefined;
  /** The sandbox mode each config.toml `[permissions.<name>]` profile amounts to. */
  readonly permission_profiles: ProfileModes | undefined;
}

type Settings = Partial<SandboxSettings>;

/** The mode the user asked for: the selected permission profile's (Codex compiles named profiles instead of sandbox_mode), else sandbox_mode. */
function askedMode(v: Settings): SandboxMode | undefined {
  return v.permission_profile !== undefined ? profileMode(v.permission_profile, v.permission_profiles) : v.sandbox_mode;
}

/** The same, with where it was asked. */
function askedWithOrigin(requested: RequestedSettings<SandboxSettings>): Requested<SandboxMode> | undefined {
  const profile = requested.permission_profile;
  if (profile?.value === undefined) return requested.sandbox_mode;
  const mode = profileMode(profile.value, requested.permission_profiles?.value);
  return mode === undefined ? undefined : { value: mode, origin: profile.origin };
}

/** `default_permissions` naming no built-in and no `[permissions]` profile: an error, since the intended sandbox is unknown. */
function unknownProfile(profile: Requested<string | undefined>): Diagnostic {
  return {
    kind: 'unknown-value',
    severity: 'error',
    source: profile.origin.source,
    key: profile.origin.key,
    provider: 'sandbox',
    message: `default_permissions = ${JSON.stringify(profile.value)} names no permission profile`,
    suggestion: `use ${Object.keys(BUILTIN_PROFILES).join(', ')} or define [permissions.${String(profile.value)}]`,
  };
}

/** Whether the filesystem provider's effective deny_read list is non-empty (false when that provider is not loaded). */
function denyReadActive(dependency: DependencyReader | undefined): boolean {
  return (dependency?.(DENY_READ)?.length ?? 0) > 0;
}

/** Where the deny_read limit comes from, for the "set by" part of messages. */
const DENY_READ_SOURCE = { kind: 'host', label: '[permissions.filesystem] deny_read' } as const;

/**
 * An explicit danger-full-access forced down to read-only while the effective approval policy is `never` would leave
 * an agent that can neither write nor ask: Codex refuses to start, and so does this provider (an error, exit 2).
 */
function neverWithForcedReadOnly(
  requested: string | undefined,
  effective: string,
  approvalPolicy: ApprovalPolicy | undefined,
  source?: string,
): Diagnostic[] {
  if (requested !== 'danger-full-access' || effective !== FALLBACK_MODE || approvalPolicy !== 'never') return [];
  return [
    {
      kind: 'conflict',
      severity: 'error',
      ...(source !== undefined && { source }),
      key: 'sandbox_mode',
      provider: 'sandbox',
      message:
        '`approval_policy = "never"` cannot be used because requirements do not allow `sandbox_mode = "danger-full-access"`; ' +
        'the agent would fall back to read-only permissions with approvals disabled',
      suggestion: 'choose an approval_policy other than "never", or a sandbox_mode the requirements allow',
    },
  ];
}

/** The sandbox provider: allowed sandbox modes, with per-host overrides from `[[remote_sandbox_config]]`. */
export function sandboxProvider() {
  return createProvider({
    key: SANDBOX_PROVIDER,
    docs: {
      summary: 'Constrains sandbox_mode to allowed_sandbox_modes, with host-specific lists.',
      description:
        'allowed_sandbox_modes must include "read-only", the fallback for any disallowed mode. In each layer the first ' +
        "[[remote_sandbox_config]] entry whose hostname_patterns match this machine replaces that layer's list " +
        "before layers combine; patterns are case-insensitive with * and ? only. When the filesystem provider's " +
        'deny_read list is non-empty only read-only and workspace-write are allowed (others fall back to read-only). ' +
        'An explicit danger-full-access forced to read-only while approval_policy is "never" stops loading, as in Codex.',
    },
    // Optional: without the filesystem provider, deny_read reads as undefined and nothing is limited; without the
    // approvals provider the approval policy is unknown and the never + forced read-only check does not apply.
    after: ['filesystem', 'approvals'],
    requirementKeys: ['allowed_sandbox_modes', 'remote_sandbox_config'],
    fields: {
      allowed_sandbox_modes: { docs: 'Sandbox modes users may select; must include read-only.' },
    },
    settings: {
      sandbox_mode: {
        configKey: 'sandbox_mode',
        docs: 'How much the agent may touch outside its workspace.',
        constrainedBy: ['allowed_sandbox_modes'],
        parse: (raw, key, report) => expectEnum(raw, key, report, USER_SANDBOX_MODES),
        schema: { enum: [...USER_SANDBOX_MODES] },
      },
      permission_profile: {
        configKey: 'default_permissions',
        docs: 'The permission profile in force; its sandbox mode replaces sandbox_mode.',
        constrainedBy: ['allowed_sandbox_modes'],
        parse: (raw, key, report) => expectString(raw, key, report),
      },
      permission_profiles: {
        configKey: 'permissions',
        docs: 'config.toml permission profiles, each reduced to the sandbox mode it amounts to.',
        constrainedBy: [],
        merge: 'tables',
        parse: parseProfiles,
      },
    },
    schema: sandboxSchema,
    parse(slice, { report, hostname }) {
      let modes: SandboxMode[] | undefined;
      if (slice.allowed_sandbox_modes !== undefined) {
        modes = expectEnumList(slice.allowed_sandbox_modes, 'allowed_sandbox_modes', report, SANDBOX_MODES);
      }
      if (slice.remote_sandbox_config !== undefined) {
        const entries = parseRemoteEntries(slice.remote_sandbox_config, report);
        const host = entries && entries.length > 0 ? hostname() : undefined;
        const selected = entries && selectRemoteEntry(entries, host);
        if (selected) {
          modes = [...selected.entry.allowed_sandbox_modes];
          report({
            severity: 'info',
            kind: 'replaced-default',
            key: `remote_sandbox_config[${selected.index}]`,
            message: `host "${host}" matches "${selected.pattern}": allowed_sandbox_modes = ${formatValue(modes)} applies for this layer`,
          });
        }
      }
      return modes ? { allowed_sandbox_modes: modes } : {};
    },
    validate({ value }, report) {
      const modes = value.allowed_sandbox_modes;
      if (modes && !modes.includes(FALLBACK_MODE)) {
        report({
          severity: 'error',
          kind: 'invalid-value',
          key: 'allowed_sandbox_modes',
          message: `allowed_sandbox_modes = ${formatValue(modes)} must include "read-only", the fallback for any disallowed sandbox mode`,
          suggestion: 'add "read-only" to allowed_sandbox_modes',
        });
      }
    },
    tighten(a, b) {
      const x = a.allowed_sandbox_modes;
      const y = b.allowed_sandbox_modes;
      if (!x) return y ? { allowed_sandbox_modes: y } : {};
      return { allowed_sandbox_modes: y ? x.filter((m) => y.includes(m)) : x };
    },
    allows(r, v, dependency) {
      if (v.permission_profile !== undefined && askedMode(v) === undefined) return false;
      const mode = askedMode(v);
      if (mode === undefined) return true;
      if (r.allowed_sandbox_modes && !r.allowed_sandbox_modes.includes(mode)) return false;
      return !denyReadActive(dependency) || DENY_READ_MODES.includes(mode);
    },
    normalize(v) {
      const mode = askedMode(v);
      return v.permission_profile === undefined || mode === undefined ? v : { ...v, sandbox_mode: mode };
    },
    resolve({ requirement: { value: r, origins }, requested, dependency }) {
      const list = r.allowed_sandbox_modes;
      const profile = requested.permission_profile;
      const asked = askedWithOrigin(requested);
      const limited = denyReadActive(dependency);
      // Under deny_read the allowed set is the requirement's list (or every mode) narrowed to read-only and workspace-write.
      const allowed = limited ? (list ?? SANDBOX_MODES).filter((m) => DENY_READ_MODES.includes(m)) : list;
      const picked = pickAllowed<SandboxMode>({
        provider: 'sandbox',
        key: 'sandbox_mode',
        requested: asked,
        defaultValue: FALLBACK_MODE,
        field: list ? 'allowed_sandbox_modes' : limited ? DENY_READ.name : undefined,
        fieldValue: allowed,
        sources: [...(origins.allowed_sandbox_modes ?? []), ...(limited ? [DENY_READ_SOURCE] : [])],
        allowed: (mode) => allowed!.includes(mode),
        fallback: () => ({ value: FALLBACK_MODE, rule: 'read-only, the sandbox fallback' }),
      });
      // As in Codex, a profile whose mode was forced down is no longer the active one.
      const forced = asked !== undefined && picked.decision.value !== asked.value;
      const profiles = {
        permission_profile:
          profile?.value === undefined
            ? { value: undefined, rule: 'no default_permissions' }
            : forced
              ? {
                  value: undefined,
                  rule: `cleared: requirements do not allow the ${asked.value} that ${profile.value} grants`,
                }
              : { value: profile.value, rule: 'default_permissions: its sandbox mode replaces sandbox_mode' },
        permission_profiles: {
          value: requested.permission_profiles?.value,
          rule: 'the sandbox mode each [permissions] profile amounts to',
        },
      };
      const refused = neverWithForcedReadOnly(
        asked?.value,
        picked.decision.value,
        dependency(APPROVAL_POLICY),
        asked?.origin.source,
      );
      const diagnostics = [...picked.diagnostics, ...refused, ...(profile && !asked ? [unknownProfile(profile)] : [])];
      const viaProfile = asked && asked !== requested.sandbox_mode ? { requested: asked } : {};
      if (!limited)
        return { values: { sandbox_mode: { ...picked.decision, ...viaProfile }, ...profiles }, diagnostics };
      // deny_read is the filesystem provider's field: it is named in the rule, not listed among this provider's constraints.
      const decision = {
        ...picked.decision,
        ...viaProfile,
        rule: `${picked.decision.rule} (deny_read limits sandbox modes to read-only and workspace-write)`,
        constrainedBy: list ? ['allowed_sandbox_modes'] : [],
      };
      return { values: { sandbox_mode: decision, ...profiles }, diagnostics };
    },
    print(r) {
      return r.allowed_sandbox_modes ? { allowed_sandbox_modes: [...r.allowed_sandbox_modes] } : {};
    },
    fromManagedConfig(managed: Table, report) {
      if (managed.sandbox_mode === undefined) return {};
      const mode = expectEnum(managed.sandbox_mode, 'sandbox_mode', report, USER_SANDBOX_MODES);
      if (mode === undefined) return {};
      return { allowed_sandbox_modes: mode === FALLBACK_MODE ? [mode] : [FALLBACK_MODE, mode] };
    },
  });
}
