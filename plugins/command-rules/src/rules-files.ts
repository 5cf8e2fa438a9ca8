// The `.rules` reader (the Starlark dialect Codex's execpolicy reads) is an entry of its own: a host that never reads
// `.rules` files never loads the interpreter, most of this package's code.
export { loadRulesFiles, RulesFileError, type RulesFileText, type UserRules } from './starlark/rules-file.js';
export { sessionUserRules } from './user-rules.js';
