import { expectBoolean, expectString, isTable, typeName, type Diagnostic, type Reporter } from '@ratchet/core';
import { BUILTIN_PROFILES, type ProfileModes } from './profiles.js';

/** `[allowed_permission_profiles]`: profile name → whether users may select it (an omitted profile is denied). */
export type AllowedProfiles = Readonly<Record<string, boolean>>;

/**
 * The permission-profile requirement: `[allowed_permission_profiles]` with the required `default_permissions`. The
 * two combine as one field (the highest layer that sets either sets both), so a lower layer never supplies a default
 * the higher layer's list did not come with.
 */
export interface ProfileRequirement {
  readonly allowed?: AllowedProfiles;
  readonly default?: string;
}

export const ALLOWED = 'allowed_permission_profiles';
export const DEFAULT = 'default_permissions';

/** The two built-ins that, both allowed, make `:workspace` the implied default (Codex's standard pair). */
const WORKSPACE = ':workspace';
const READ_ONLY = ':read-only';

/** Parses `[allowed_permission_profiles]` as Codex does: a map of booleans (a list is refused: "expected a map"). */
export function parseAllowedProfiles(raw: unknown, report: Reporter): AllowedProfiles | undefined {
  if (!isTable(raw)) {
    report({
      severity: 'error',
      kind: 'invalid-type',
      key: ALLOWED,
      message: `invalid type: ${typeName(raw)}, expected a map of permission profile names to booleans`,
      suggestion: `write [${ALLOWED}] with one line per profile, e.g. ":read-only" = true`,
    });
    return undefined;
  }
  const entries: [string, boolean][] = [];
  let failed = false;
  for (const [name, value] of Object.entries(raw)) {
    const allowed = expectBoolean(value, `${ALLOWED}.${name}`, report);
    if (allowed === undefined) failed = true;
    else entries.push([name, allowed]);
  }
  // fromEntries defines own properties, so a profile named __proto__ stays a plain entry.
  return failed ? undefined : Object.fromEntries(entries);
}

export const profileAllowed = (allowed: AllowedProfiles, name: string) =>
  Object.hasOwn(allowed, name) && allowed[name] === true;

/** The profile a disallowed or missing choice falls back to: `default_permissions`, else `:workspace` under the standard pair. */
export function fallbackProfile(
  allowed: AllowedProfiles | undefined,
  required: string | undefined,
): string | undefined {
  if (required !== undefined || allowed === undefined) return required;
  return profileAllowed(allowed, WORKSPACE) && profileAllowed(allowed, READ_ONLY) ? WORKSPACE : undefined;
}

/** Reads one layer's two keys into the requirement (undefined when the layer sets neither, or a value is bad). */
export function parseProfileRequirement(slice: Readonly<Record<string, unknown>>, report: Reporter) {
  if (slice[ALLOWED] === undefined && slice[DEFAULT] === undefined) return undefined;
  const allowed = slice[ALLOWED] === undefined ? undefined : parseAllowedProfiles(slice[ALLOWED], report);
  const required = slice[DEFAULT] === undefined ? undefined : expectString(slice[DEFAULT], DEFAULT, report);
  if ((slice[ALLOWED] !== undefined && !allowed) || (slice[DEFAULT] !== undefined && required === undefined))
    return undefined;
  return { ...(allowed && { allowed }), ...(required !== undefined && { default: required }) } as ProfileRequirement;
}

/** Back to requirements.toml. */
export function printProfileRequirement(r: ProfileRequirement): Record<string, unknown> {
  return {
    ...(r.allowed && { [ALLOWED]: { ...r.allowed } }),
    ...(r.default !== undefined && { [DEFAULT]: r.default }),
  };
}

/** The strict meet of two allowlists: a profile is allowed only where both allow it (an omitted one is denied). */
function meetAllowed(a: AllowedProfiles | undefined, b: AllowedProfiles | undefined) {
  if (a === undefined || b === undefined) return a ?? b;
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return Object.fromEntries(names.map((n) => [n, profileAllowed(a, n) && profileAllowed(b, n)]));
}

/**
 * The strict meet: profiles both allow; the fallback both fall back to, else `:read-only` (when still allowed), so
 * the meet never falls back to a profile one side would not have fallen back to.
 */
export function meetProfiles(a: ProfileRequirement | undefined, b: ProfileRequirement | undefined) {
  if (a === undefined || b === undefined) return a ?? b;
  const allowed = meetAllowed(a.allowed, b.allowed);
  const [x, y] = [fallbackProfile(a.allowed, a.default), fallbackProfile(b.allowed, b.default)];
  const required = x === y ? x : allowed === undefined || profileAllowed(allowed, READ_ONLY) ? READ_ONLY : undefined;
  return { ...(allowed && { allowed }), ...(required !== undefined && { default: required }) } as ProfileRequirement;
}

/** Codex's checks on the combined requirement (its wording): a default needs an allowlist that allows it, or the standard pair. */
export function validateProfiles(
  allowed: AllowedProfiles | undefined,
  required: string | undefined,
  report: Reporter,
): void {
  if (allowed === undefined) {
    if (required !== undefined)
      report({
        severity: 'error',
        kind: 'missing-key',
        key: DEFAULT,
        message: `${DEFAULT} requires ${ALLOWED}`,
        suggestion: `add [${ALLOWED}] with ${JSON.stringify(required)} = true, or remove ${DEFAULT}`,
      });
    return;
  }
  if (required === undefined && fallbackProfile(allowed, undefined) === undefined) {
    report({
      severity: 'error',
      kind: 'missing-key',
      key: DEFAULT,
      message: `${DEFAULT} must be set unless ${ALLOWED} allows both \`${WORKSPACE}\` and \`${READ_ONLY}\``,
      suggestion: `set ${DEFAULT} to a profile ${ALLOWED} allows`,
    });
  } else if (required !== undefined && !profileAllowed(allowed, required)) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: DEFAULT,
      message: `${DEFAULT} \`${required}\` must be allowed by ${ALLOWED}`,
      suggestion: `add ${JSON.stringify(required)} = true to [${ALLOWED}], or name an allowed profile`,
    });
  }
}

/** Whether a profile name is a built-in or one the user's config.toml `[permissions]` defines. */
export const profileDefined = (name: string, profiles: ProfileModes | undefined) =>
  Object.hasOwn(BUILTIN_PROFILES, name) || (profiles !== undefined && Object.hasOwn(profiles, name));

/** Allowlist entries naming a profile nothing defines: Codex refuses to start ("refers to undefined profile"). */
export function undefinedProfiles(allowed: AllowedProfiles, profiles: ProfileModes | undefined): string[] {
  return Object.keys(allowed).filter((name) => !profileDefined(name, profiles));
}

/** The error for each allowlist entry that names no profile. */
export function undefinedProfileErrors(
  allowed: AllowedProfiles,
  profiles: ProfileModes | undefined,
  source: string | undefined,
): Diagnostic[] {
  return undefinedProfiles(allowed, profiles).map((name) => ({
    kind: 'unknown-value',
    severity: 'error',
    ...(source !== undefined && { source }),
    key: `${ALLOWED}.${name}`,
    provider: 'sandbox',
    message: `${ALLOWED} refers to undefined profile \`${name}\``,
    suggestion: `define [permissions.${name}] in config.toml, or remove ${JSON.stringify(name)} from [${ALLOWED}]`,
  }));
}
