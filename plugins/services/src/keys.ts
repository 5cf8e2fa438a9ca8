import { outputKey, providerKey, settingKey } from '@ratchet/core';
import type { ApplicationRequirement, ApplicationTable } from './application.js';
import type { ConfigServer, ConfigServerRequirement } from './config-server.js';
import type { LoginRequirement, LoginSettings } from './login.js';
import type { ModelProvidersRequirement, ModelProvidersSettings } from './model-providers.js';
import type { LoginMethod } from './values.js';

/** The login provider's key: `allowed_login_methods`, `allowed_chatgpt_workspaces`. */
export const LOGIN_PROVIDER = providerKey<LoginRequirement, LoginSettings>('login');
/** The effective `forced_login_method`: the user's, or the one method requirements leave. */
export const FORCED_LOGIN_METHOD = settingKey(LOGIN_PROVIDER, 'forced_login_method');
/** The effective `forced_chatgpt_workspace_id` (a list): the user's entries requirements allow, or every allowed one. */
export const FORCED_CHATGPT_WORKSPACE_ID = settingKey(LOGIN_PROVIDER, 'forced_chatgpt_workspace_id');
/** The login methods a user may sign in with: those requirements leave (default both), narrowed to the forced one. */
export const ALLOWED_LOGIN_METHODS = outputKey<readonly LoginMethod[]>(LOGIN_PROVIDER, 'allowed_login_methods');

/** The model-providers provider's key: `model_provider`, `[model_providers.<id>]`. */
export const MODEL_PROVIDERS_PROVIDER = providerKey<ModelProvidersRequirement, ModelProvidersSettings>(
  'model-providers',
);
/** The effective `model_provider`. */
export const MODEL_PROVIDER = settingKey(MODEL_PROVIDERS_PROVIDER, 'model_provider');
/** The effective `[model_providers]`: the user's, with every definition requirements give replacing the user's. */
export const MODEL_PROVIDERS = settingKey(MODEL_PROVIDERS_PROVIDER, 'model_providers');

/** The application provider's key: `[application]`. */
export const APPLICATION_PROVIDER = providerKey<ApplicationRequirement, Record<never, never>>('application');
/** The `[application]` requirement in force (network allowlist, storage roots), for hosts to enforce. */
export const APPLICATION = outputKey<ApplicationTable>(APPLICATION_PROVIDER, 'application');

/** The config-server provider's key: `[config_server]`. */
export const CONFIG_SERVER_PROVIDER = providerKey<ConfigServerRequirement, Record<never, never>>('config-server');
/** The config server requirements were fetched from. */
export const CONFIG_SERVER = outputKey<ConfigServer>(CONFIG_SERVER_PROVIDER, 'config_server');
