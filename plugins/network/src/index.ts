export { networkProvider, NETWORK_OUTPUTS } from './provider.js';
export {
  decideHost,
  decideUnixSocket,
  decisionRank,
  networkGate,
  type HostQuery,
  type HostReason,
  type HostVerdict,
  type NetworkDecision,
  type NetworkGate,
  type SocketVerdict,
} from './gate.js';
export {
  effectivePolicy,
  FULL_ACCESS_MODES,
  type EffectiveNetworkPolicy,
  type EntryOrigin,
  type PolicyEntry,
  type PolicyInputs,
  type RuleDomains,
  type SocketEntry,
} from './policy.js';
export {
  isLocalHost,
  isNonPublicIpv4,
  isNonPublicIpv6,
  mappedIpv4,
  normalizeHost,
  type HostKind,
  type HostResult,
  type NormalizedHost,
} from './host.js';
export {
  normalizePattern,
  parsePattern,
  patternCovers,
  patternMatches,
  type DomainPattern,
  type PatternKind,
} from './patterns.js';
export {
  meet,
  PINS,
  UNSATISFIABLE,
  type NetworkRequirement,
  type NetworkTable,
  type Pin,
  type PinName,
} from './requirement.js';
export {
  normalizeSocketPath,
  type DomainDecision,
  type DomainMap,
  type SocketDecision,
  type SocketMap,
} from './rules.js';
export { foldSettings, type NetworkSettings, type PermissionNetworks, type UserNetworkTable } from './settings.js';
export * from './keys.js';
