export { intersect, verdict, type Allowlist, type McpRequirement, type ServerRef, type Verdict } from './allowlist.js';
export { mcpGate, type ServerToStart } from './gate.js';
export { describeIdentity, matches, type Identity, type Transport, type ValueMatcher } from './identity.js';
export { mcpProvider, type McpSettings } from './provider.js';
export { transportOf, type McpServer, type McpServers } from './servers.js';
export * from './keys.js';
