export { CommandPolicy, type CommandCheck, type CommandPolicyOptions, type MatchedRule } from './policy.js';
export { describeStep, explainMatch } from './explain.js';
export { commandRulesProvider, type CommandRulesRequirement } from './provider.js';
export { RuleIndex, type ProgramRules } from './rules/index.js';
export {
  describePattern,
  stricter,
  type Decision,
  type HostExecutables,
  type MatchKind,
  type PatternToken,
  type PrefixRule,
  type RuleMatch,
  type RuleOrigin,
} from './rules/model.js';
export { commandPolicy } from './session.js';
export {
  analyze,
  MAX_DEPTH,
  MAX_GRAMMAR_BYTES,
  MAX_GRAMMAR_TOTAL,
  type Analysis,
  type Candidate,
  type OpaqueFinding,
  type Step,
} from './shell/analysis.js';
export { loadShellGrammar, shellGrammarLoaded, type ShellGrammarFiles } from './shell/grammar.js';
export { WRAPPER_NAMES, type WrapperName } from './shell/wrappers.js';
export type { ShellWord } from './shell/words.js';
// The `.rules` reader is the `./rules-files` entry; its types are here too.
export type { RulesFileText, UserRules } from './starlark/rules-file.js';
export { compiledNetworkDomains, type NetworkProtocol, type NetworkRule } from './starlark/network.js';
export * from './keys.js';
export {
  decodeRules,
  DamagedRulesError,
  encodeRules,
  openCompiledRules,
  RULES_FORMAT,
  type CompiledRules,
} from './compiled/serialize.js';
