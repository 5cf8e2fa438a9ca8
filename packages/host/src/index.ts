// The host composition entry (docs/architecture.md, "Hosts and composition"): the one package built on tsyringe.
import './reflect.js';

export {
  createHost,
  RatchetHost,
  type EngineChoices,
  type HostSetup,
  type HostSourcesOptions,
  type Plugin,
} from './host.js';
export { loadPlugins, pluginList, PluginLoadError, resolvePlugin } from './plugins.js';
export { nodeServices, type Clock, type PlatformServices } from './services.js';
export { TOKENS } from './tokens.js';
