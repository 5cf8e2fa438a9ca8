import {
  createProvider,
  expectEnum,
  expectEnumList,
  expectString,
  formatValue,
  pickAllowed,
  type Decision,
  type DependencyReader,
  type Diagnostic,
  type Table,
} from '@ratchet/core';
import type { ApprovalPolicy } from '@ratchet/plugin-approvals';
import { APPROVAL_POLICY } from '@ratchet/plugin-approvals/keys';
import { DENY_READ } from '@ratchet/plugin-filesystem/keys';
import { DENY_READ_MODES, FALLBACK_MODE, SANDBOX_MODES, USER_SANDBOX_MODES, type SandboxMode } from './modes.js';
import {
  ALLOWED,
  DEFAULT,
  fallbackProfile,
  meetProfiles,
  parseProfileRequirement,
  printProfileRequirement,
  profileAllowed,
  undefinedProfiles,
  validateProfiles,
  type ProfileRequirement,
} from './allowed-profiles.js';
import { parseProfiles, profileMode, type ProfileModes } from './profiles.js';
import { requiredProfileForcedDown, selectFreely, selectUnderAllowlist, type Selection } from './selection.js';
import { parseRemoteEntries, selectRemoteEntry } from './remote.js';
import { SANDBOX_PROVIDER } from './keys.js';
import { sandboxSchema } from './schema.js';

/** What requirements say about sandboxing (after host-specific entries were applied per layer). */
export interface SandboxRequirement {
  readonly allowed_sandbox_modes?: readonly SandboxMode[];
  /** `[allowed_permission_profiles]` and the required `default_permissions`, one field: they put permission profiles in force. */
  readonly allowed_permission_profiles?: ProfileRequirement;
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

/**
 * Whether settings fit a permission-profile requirement: every listed profile is defined, the selected profile is
 * allowed, and without one a sandbox_mode stands only as read-only or as the mode of the profile it gives way to.
 */
function profilesAllow({ allowed, default: required }: ProfileRequirement, v: Settings): boolean {
  // A default without a list puts no profile in force (validation refuses it).
  if (allowed === undefined) return true;
  if (undefinedProfiles(allowed, v.permission_profiles).length > 0) return false;
  if (v.permission_profile !== undefined) return profileAllowed(allowed, v.permission_profile);
  const fallback = fallbackProfile(allowed, required);
  const fallbackMode = fallback === undefined ? undefined : profileMode(fallback, v.permission_profiles);
  return v.sandbox_mode === undefined || v.sandbox_mode === FALLBACK_MODE || v.sandbox_mode === fallbackMode;
}

/** The profile in force after the sandbox mode was picked: one whose mode was forced down is no longer active, as in Codex. */
function profileDecision(
  selection: Selection,
  mode: SandboxMode,
  underAllowlist: boolean,
): Decision<string | undefined> {
  const { asked, askedProfile, defaultProfile } = selection;
  const constrainedBy = underAllowlist ? [ALLOWED] : [];
  if (asked !== undefined) {
    if (askedProfile === undefined) return { value: undefined, rule: 'no default_permissions', constrainedBy };
    if (mode !== asked.value)
      return {
        value: undefined,
        rule: `cleared: requirements do not allow the ${asked.value} that ${askedProfile} grants`,
        constrainedBy,
      };
    const rule = underAllowlist
      ? `default_permissions, allowed by ${ALLOWED}: its sandbox mode replaces sandbox_mode`
      : 'default_permissions: its sandbox mode replaces sandbox_mode';
    return { value: askedProfile, rule, constrainedBy };
  }
  if (defaultProfile === undefined) return { value: undefined, rule: 'no default_permissions', constrainedBy };
  if (mode !== selection.defaultMode)
    return {
      value: undefined,
      rule: `cleared: requirements do not allow the ${selection.defaultMode} that ${defaultProfile.name} grants`,
      constrainedBy,
    };
  return { value: defaultProfile.name, rule: defaultProfile.rule, constrainedBy };
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
      summary: 'Constrains sandbox_mode to allowed_sandbox_modes, with host-specific lists, and permission profiles.',
      description:
        'allowed_sandbox_modes must include "read-only", the fallback for any disallowed mode. In each layer the first ' +
        "[[remote_sandbox_config]] entry whose hostname_patterns match this machine replaces that layer's list " +
        "before layers combine; patterns are case-insensitive with * and ? only. When the filesystem provider's " +
        'deny_read list is non-empty only read-only and workspace-write are allowed (others fall back to read-only). ' +
        'An explicit danger-full-access forced to read-only while approval_policy is "never" stops loading, as in Codex. ' +
        '[allowed_permission_profiles] puts permission profiles in force: a default_permissions it does not allow falls ' +
        'back to the required default_permissions (or :workspace when :workspace and :read-only are both allowed) with ' +
        'a warning; sandbox_mode gives way to that profile, with a warning, except read-only, which is kept.',
    },
    // Optional: without the filesystem provider, deny_read reads as undefined and nothing is limited; without the
    // approvals provider the approval policy is unknown and the never + forced read-only check does not apply.
    after: ['filesystem', 'approvals'],
    requirementKeys: ['allowed_sandbox_modes', 'remote_sandbox_config', ALLOWED, DEFAULT],
    fields: {
      allowed_sandbox_modes: { docs: 'Sandbox modes users may select; must include read-only.' },
      [ALLOWED]: {
        docs:
          'Permission profiles users may select (profile = true; omitted ones are denied) and default_permissions, the ' +
          'profile a disallowed or missing choice falls back to; the highest layer that sets either sets both.',
      },
    },
    settings: {
      sandbox_mode: {
        configKey: 'sandbox_mode',
        docs: 'How much the agent may touch outside its workspace.',
        constrainedBy: ['allowed_sandbox_modes', ALLOWED],
        parse: (raw, key, report) => expectEnum(raw, key, report, USER_SANDBOX_MODES),
        schema: { enum: [...USER_SANDBOX_MODES] },
      },
      permission_profile: {
        configKey: 'default_permissions',
        docs: 'The permission profile in force; its sandbox mode replaces sandbox_mode.',
        constrainedBy: ['allowed_sandbox_modes', ALLOWED],
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
      const profiles = parseProfileRequirement(slice, report);
      return { ...(modes && { allowed_sandbox_modes: modes }), ...(profiles && { [ALLOWED]: profiles }) };
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
      const profiles = value.allowed_permission_profiles;
      if (profiles) validateProfiles(profiles.allowed, profiles.default, report);
    },
    tighten(a, b) {
      const x = a.allowed_sandbox_modes;
      const y = b.allowed_sandbox_modes;
      const modes = x && y ? x.filter((m) => y.includes(m)) : (x ?? y);
      const profiles = meetProfiles(a.allowed_permission_profiles, b.allowed_permission_profiles);
      return { ...(modes && { allowed_sandbox_modes: modes }), ...(profiles && { [ALLOWED]: profiles }) };
    },
    allows(r, v, dependency) {
      if (v.permission_profile !== undefined && askedMode(v) === undefined) return false;
      if (r.allowed_permission_profiles && !profilesAllow(r.allowed_permission_profiles, v)) return false;
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
      const profilesRequired = r.allowed_permission_profiles;
      const map = profilesRequired?.allowed;
      const selection = map
        ? selectUnderAllowlist(requested, map, profilesRequired?.default, origins.allowed_permission_profiles)
        : selectFreely(requested);
      const { asked } = selection;
      const limited = denyReadActive(dependency);
      // Under deny_read the allowed set is the requirement's list (or every mode) narrowed to read-only and workspace-write.
      const allowed = limited ? (list ?? SANDBOX_MODES).filter((m) => DENY_READ_MODES.includes(m)) : list;
      const picked = pickAllowed<SandboxMode>({
        provider: 'sandbox',
        key: 'sandbox_mode',
        requested: asked,
        defaultValue: selection.defaultMode,
        field: list ? 'allowed_sandbox_modes' : limited ? DENY_READ.name : undefined,
        fieldValue: allowed,
        sources: [...(origins.allowed_sandbox_modes ?? []), ...(limited ? [DENY_READ_SOURCE] : [])],
        allowed: (mode) => allowed!.includes(mode),
        fallback: () => ({ value: FALLBACK_MODE, rule: 'read-only, the sandbox fallback' }),
      });
      const profiles = {
        permission_profile: profileDecision(selection, picked.decision.value, map !== undefined),
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
      const limits = list ? 'allowed_sandbox_modes' : DENY_READ.name;
      const diagnostics = [
        ...selection.diagnostics,
        ...picked.diagnostics,
        ...requiredProfileForcedDown(selection, picked.decision.value, limits),
        ...refused,
      ];
      const viaProfile = asked && asked !== requested.sandbox_mode ? { requested: asked } : {};
      const constrainedBy = [...(list ? ['allowed_sandbox_modes'] : []), ...(map ? [ALLOWED] : [])];
      // deny_read is the filesystem provider's field: it is named in the rule, not listed among this provider's constraints.
      const rule = limited
        ? `${picked.decision.rule} (deny_read limits sandbox modes to read-only and workspace-write)`
        : picked.decision.rule;
      const decision = { ...picked.decision, ...viaProfile, rule, constrainedBy };
      return { values: { sandbox_mode: decision, ...profiles }, diagnostics };
    },
    print(r) {
      return {
        ...(r.allowed_sandbox_modes && { allowed_sandbox_modes: [...r.allowed_sandbox_modes] }),
        ...(r.allowed_permission_profiles && printProfileRequirement(r.allowed_permission_profiles)),
      };
    },
    fromManagedConfig(managed: Table, report) {
      if (managed.sandbox_mode === undefined) return {};
      const mode = expectEnum(managed.sandbox_mode, 'sandbox_mode', report, USER_SANDBOX_MODES);
      if (mode === undefined) return {};
      return { allowed_sandbox_modes: mode === FALLBACK_MODE ? [mode] : [FALLBACK_MODE, mode] };
    },
  });
}
