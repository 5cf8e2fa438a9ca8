/** A sandbox mode as spelled in config.toml and requirements.toml. */
export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access' | 'external-sandbox';

export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access', 'external-sandbox'] as const;

/** Modes a user may write in config.toml (`external-sandbox` is only chosen by a host at run time). */
export const USER_SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;

/** The fallback when a requested mode is disallowed; every allowed list must contain it. */
export const FALLBACK_MODE: SandboxMode = 'read-only';

/** The effective deny_read list the filesystem provider outputs; when it is non-empty only DENY_READ_MODES are allowed. */
export const DENY_READ_KEY = 'permissions.filesystem.deny_read';

/** The modes in which deny_read can be enforced (Codex adds this validator when the merged deny_read list is non-empty). */
export const DENY_READ_MODES: readonly SandboxMode[] = ['read-only', 'workspace-write'];
