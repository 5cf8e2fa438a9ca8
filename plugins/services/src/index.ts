export { loginProvider, usableLogin, type LoginRequirement, type LoginSettings } from './login.js';
export {
  modelProvidersProvider,
  type ModelProvidersRequirement,
  type ModelProvidersSettings,
} from './model-providers.js';
export type { ProviderDefinition } from './provider-definition.js';
export {
  applicationProvider,
  applicationReaches,
  type ApplicationNetwork,
  type ApplicationRequirement,
  type ApplicationStorage,
  type ApplicationTable,
} from './application.js';
export {
  configServerProvider,
  type ConfigServer,
  type ConfigServerOAuth,
  type ConfigServerOptions,
  type ConfigServerRequirement,
} from './config-server.js';
export {
  BUILTIN_MODEL_PROVIDERS,
  DOMAIN_PERMISSIONS,
  LOGIN_METHODS,
  RESERVED_MODEL_PROVIDERS,
  type DomainPermission,
  type LoginMethod,
} from './values.js';
export * from './keys.js';

import { applicationProvider } from './application.js';
import { configServerProvider, type ConfigServerOptions } from './config-server.js';
import { loginProvider } from './login.js';
import { modelProvidersProvider } from './model-providers.js';

/** Every provider of this package, as a plugin's default export lists them. */
export function servicesProviders(options: { readonly configServer?: ConfigServerOptions } = {}) {
  return [loginProvider(), modelProvidersProvider(), applicationProvider(), configServerProvider(options.configServer)];
}
