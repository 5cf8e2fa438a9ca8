export { run } from './main.js';
export { builtinProviders, engineFor, resolveFlags, type PolicyFlags } from './host.js';
export { requirementsSchema } from './commands/schema.js';
