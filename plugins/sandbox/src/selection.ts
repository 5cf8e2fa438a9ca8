import type { Diagnostic, Requested, RequestedSettings, RequirementSource } from '@ratchet/core';
import {
  ALLOWED,
  DEFAULT,
  fallbackProfile,
  profileAllowed,
  undefinedProfileErrors,
  type AllowedProfiles,
} from './allowed-profiles.js';
import { FALLBACK_MODE, type SandboxMode } from './modes.js';
import { BUILTIN_PROFILES, profileMode } from './profiles.js';
import type { SandboxSettings } from './provider.js';

/** What the user's settings ask for once permission-profile requirements are applied, before sandbox modes are checked. */
export interface Selection {
  /** The mode the user asked for that still stands (a profile's or sandbox_mode's), with where it was asked. */
  readonly asked: Requested<SandboxMode> | undefined;
  /** The profile that asked for `asked`, if a profile did. */
  readonly askedProfile: string | undefined;
  /** The mode used when nothing the user asked stands: the required profile's, else read-only. */
  readonly defaultMode: SandboxMode;
  /** The profile requirements put in force when nothing the user asked stands, and the rule that names it. */
  readonly defaultProfile?: { readonly name: string; readonly rule: string };
  readonly diagnostics: readonly Diagnostic[];
}

/** The mode the user asked for: the selected permission profile's (Codex compiles named profiles instead of sandbox_mode), else sandbox_mode. */
export function askedWithOrigin(requested: RequestedSettings<SandboxSettings>): Requested<SandboxMode> | undefined {
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

/** Without `[allowed_permission_profiles]`: the user's profile or sandbox_mode, an unknown profile refused. */
export function selectFreely(requested: RequestedSettings<SandboxSettings>): Selection {
  const profile = requested.permission_profile;
  const asked = askedWithOrigin(requested);
  return {
    asked,
    askedProfile: profile?.value,
    defaultMode: FALLBACK_MODE,
    diagnostics: profile?.value !== undefined && !asked ? [unknownProfile(profile)] : [],
  };
}

const labels = (sources: readonly RequirementSource[] | undefined) =>
  (sources ?? []).map((s) => s.label).join(', ') || 'requirements';

/**
 * Under `[allowed_permission_profiles]`, as Codex 0.171: permission profiles are in force. A user profile the list
 * allows stands; any other (an unknown name included) falls back to the required profile with a warning. Codex
 * ignores sandbox_mode here and applies the required profile; Ratchet does the same, with a warning, except that
 * `sandbox_mode = "read-only"` is kept (the required profile could grant more than the user asked for).
 */
export function selectUnderAllowlist(
  requested: RequestedSettings<SandboxSettings>,
  allowed: AllowedProfiles,
  required: string | undefined,
  origins: readonly RequirementSource[] | undefined,
): Selection {
  const profiles = requested.permission_profiles?.value;
  const setBy = labels(origins);
  const diagnostics: Diagnostic[] = [...undefinedProfileErrors(allowed, profiles, origins?.[0]?.label)];
  const fallback = fallbackProfile(allowed, required);
  const fallbackMode = fallback === undefined ? undefined : profileMode(fallback, profiles);
  const defaultProfile =
    fallback === undefined || fallbackMode === undefined
      ? undefined
      : {
          name: fallback,
          rule:
            required !== undefined
              ? `the required profile: ${DEFAULT} (set by ${setBy})`
              : `${fallback}, implied when ${ALLOWED} allows :workspace and :read-only (set by ${setBy})`,
        };
  const base = { defaultMode: fallbackMode ?? FALLBACK_MODE, ...(defaultProfile && { defaultProfile }) };
  const replacement = fallback === undefined ? 'read-only' : `the required profile \`${fallback}\``;

  const profile = requested.permission_profile;
  if (profile?.value !== undefined) {
    const mode = profileAllowed(allowed, profile.value) ? profileMode(profile.value, profiles) : undefined;
    if (mode !== undefined)
      return { ...base, asked: { value: mode, origin: profile.origin }, askedProfile: profile.value, diagnostics };
    diagnostics.push({
      kind: 'disallowed-value',
      severity: 'warning',
      source: profile.origin.source,
      // Keyed by the effective setting, as Codex names it (`permission_profile`); the message names the config key.
      key: 'permission_profile',
      provider: 'sandbox',
      message: `Configured value for \`permission_profile\` (${profile.origin.key}) is disallowed by requirements; falling back from \`${profile.value}\` to ${replacement}: ${ALLOWED} (set by ${setBy}) does not allow it`,
      suggestion: `set ${profile.origin.key} to a profile ${ALLOWED} allows, or remove it`,
    });
    return { ...base, asked: undefined, askedProfile: undefined, diagnostics };
  }
  const mode = requested.sandbox_mode;
  if (mode?.value === FALLBACK_MODE) return { ...base, asked: mode, askedProfile: undefined, diagnostics };
  if (mode !== undefined && mode.value !== fallbackMode)
    diagnostics.push({
      kind: 'disallowed-value',
      severity: 'warning',
      source: mode.origin.source,
      key: 'sandbox_mode',
      provider: 'sandbox',
      message: `${mode.origin.key} = ${JSON.stringify(mode.value)} is not read: ${ALLOWED} (set by ${setBy}) puts permission profiles in force, so ${replacement} applies`,
      suggestion: `set ${DEFAULT} to a profile ${ALLOWED} allows instead of sandbox_mode`,
    });
  return { ...base, asked: undefined, askedProfile: undefined, diagnostics };
}

/**
 * The required profile's mode forced down by allowed_sandbox_modes or deny_read: Codex warns about it as about a
 * user value (the requirements contradict each other), and so does Ratchet.
 */
export function requiredProfileForcedDown(selection: Selection, mode: SandboxMode, limits: string): Diagnostic[] {
  const required = selection.defaultProfile;
  if (selection.asked !== undefined || required === undefined || mode === selection.defaultMode) return [];
  return [
    {
      kind: 'disallowed-value',
      severity: 'warning',
      key: 'permission_profile',
      provider: 'sandbox',
      message: `the required profile \`${required.name}\` grants ${selection.defaultMode}, which ${limits} does not allow; falling back to ${mode}`,
      suggestion: `make ${DEFAULT} name a profile whose sandbox mode ${limits} allows`,
    },
  ];
}
