export { sandboxProvider, type SandboxRequirement, type SandboxSettings } from './provider.js';
export { hostnameMatches, normalizeHostname } from './hostname.js';
export { DENY_READ_MODES, SANDBOX_MODES, USER_SANDBOX_MODES, type SandboxMode } from './modes.js';
export * from './keys.js';
