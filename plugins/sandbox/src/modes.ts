/** Every sandbox mode as spelled in config.toml and requirements.toml. */
export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access', 'external-sandbox'] as const;

/** A sandbox mode as spelled in config.toml and requirements.toml. */
export type SandboxMode = (typeof SANDBOX_MODES)[number];

/** Modes a user may write in config.toml (`external-sandbox` is only chosen by a host at run time). */
export const USER_SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;

/** The fallback when a requested mode is disallowed; every allowed list must contain it. */
export const FALLBACK_MODE: SandboxMode = 'read-only';

/**
 * The modes in which deny_read can be enforced (Codex adds this validator when the merged deny_read list, the
 * filesystem provider's `DENY_READ`, is non-empty).
 */
export const DENY_READ_MODES: readonly SandboxMode[] = ['read-only', 'workspace-write'];
