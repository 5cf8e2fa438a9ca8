import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { ApplicationRequirement, ApplicationTable } from './application.js';
import type { ConfigServerRequirement } from './config-server.js';
import type { LoginRequirement, LoginSettings } from './login.js';
import type { ModelProvidersRequirement, ModelProvidersSettings } from './model-providers.js';
import { DOMAIN_PERMISSIONS, LOGIN_METHODS } from './values.js';

const workspace = fc.constantFrom('ws-1', 'ws-2', 'ws-3');
const subset = <T>(values: readonly T[]) => fc.subarray([...values]);

/** Generators for the login provider's laws. */
export const loginArbitraries: LawArbitraries<LoginRequirement, LoginSettings> = {
  requirement: fc.record(
    { allowed_login_methods: subset(LOGIN_METHODS), allowed_chatgpt_workspaces: subset(['ws-1', 'ws-2', 'ws-3']) },
    { requiredKeys: [] },
  ),
  requested: fc.record(
    {
      forced_login_method: fc.constantFrom(...LOGIN_METHODS),
      forced_chatgpt_workspace_id: fc.uniqueArray(workspace, { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
};

const definition = fc.record(
  {
    name: fc.constantFrom('Corp', 'Gateway'),
    base_url: fc.constantFrom('https://a.example/v1', 'https://b.example/v1'),
  },
  { requiredKeys: ['name'] },
);
const providerId = fc.constantFrom('corp', 'gateway', 'openai', 'ollama');
const customId = fc.constantFrom('corp', 'gateway');

/** Generators for the model-providers provider's laws; a pinned custom provider is always defined, as loading requires. */
export const modelProvidersArbitraries: LawArbitraries<ModelProvidersRequirement, ModelProvidersSettings> = {
  requirement: fc
    .record(
      {
        model_provider: providerId.map((id) => [id]),
        model_providers: fc.dictionary(
          customId,
          definition.map((d) => [d]),
          { maxKeys: 2 },
        ),
      },
      { requiredKeys: [] },
    )
    .map((r) => {
      const pin = r.model_provider?.[0];
      if (pin === undefined || pin === 'openai' || pin === 'ollama' || r.model_providers?.[pin]) return r;
      return { ...r, model_providers: { ...r.model_providers, [pin]: [{ name: 'Corp' }] } };
    }),
  requested: fc.record(
    { model_provider: providerId, model_providers: fc.dictionary(customId, definition, { maxKeys: 2 }) },
    { requiredKeys: [] },
  ),
};

const domain = fc.constantFrom('api.example.com', 'docs.example.com', 'example.org');

/** Any `[application]` table Codex 0.171 accepts. */
export const applicationTable: fc.Arbitrary<ApplicationTable> = fc
  .record(
    {
      network: fc.record({
        enabled: fc.boolean(),
        domains: fc.dictionary(domain, fc.constantFrom(...DOMAIN_PERMISSIONS), { maxKeys: 3 }),
      }),
      storage: fc.record(
        {
          default_project_parent: fc.constantFrom('/srv/projects', '/home/dev'),
          projectless_workspace_root: fc.constant('/tmp/ws'),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .filter((t) => Object.keys(t).length > 0);

/** Generators for the application provider's laws (it has no user settings). */
export const applicationArbitraries: LawArbitraries<ApplicationRequirement, Record<never, never>> = {
  requirement: fc.record({ application: applicationTable }, { requiredKeys: [] }),
  requested: fc.constant({}),
};

/** Generators for the config-server provider's laws (it has no user settings). */
export const configServerArbitraries: LawArbitraries<ConfigServerRequirement, Record<never, never>> = {
  requirement: fc.record(
    {
      config_server: fc.record(
        {
          base_url: fc.constantFrom('https://config.example.com', 'https://policies.example.org/codex'),
          oauth: fc.record(
            {
              authorization_url: fc.constant('https://auth.example.com/authorize'),
              token_url: fc.constant('https://auth.example.com/token'),
              client_id: fc.constantFrom('codex', 'ratchet'),
              scopes: fc.array(fc.constantFrom('openid', 'policies'), { maxLength: 2 }),
            },
            { requiredKeys: ['authorization_url', 'token_url', 'client_id'] },
          ),
        },
        { requiredKeys: ['base_url'] },
      ),
    },
    { requiredKeys: [] },
  ),
  requested: fc.constant({}),
};
