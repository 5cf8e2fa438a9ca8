export { run } from './main.js';
export { builtinPlugins, cliHost, engineFor, resolveFlags, type PolicyFlags } from './host.js';
