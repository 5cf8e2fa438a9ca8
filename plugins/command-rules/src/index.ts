export { CommandPolicy, type CommandCheck, type MatchedRule } from './policy.js';
export { commandRulesProvider, type CommandRulesRequirement } from './provider.js';
export { RuleIndex } from './rules/index.js';
export {
  describePattern,
  stricter,
  type Decision,
  type HostExecutables,
  type PatternToken,
  type PrefixRule,
  type RuleMatch,
  type RuleOrigin,
} from './rules/model.js';
export { commandPolicy, sessionUserRules } from './session.js';
export { commandsForPolicy, plainCommands, shellScript } from './shell/split.js';
export { innerCommand } from './shell/wrappers.js';
export { loadRulesFiles, RulesFileError, type RulesFileText, type UserRules } from './starlark/rules-file.js';
export { compiledNetworkDomains, type NetworkProtocol, type NetworkRule } from './starlark/network.js';
export * from './keys.js';
