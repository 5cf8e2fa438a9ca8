/** A sandbox mode as spelled in config.toml and requirements.toml. */
export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access' | 'external-sandbox';

export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access', 'external-sandbox'] as const;

/** Modes a user may write in config.toml (`external-sandbox` is only chosen by a host at run time). */
export const USER_SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;

/** The fallback when a requested mode is disallowed; every allowed list must contain it. */
export const FALLBACK_MODE: SandboxMode = 'read-only';
