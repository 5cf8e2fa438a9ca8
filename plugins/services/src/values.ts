/** The login methods Codex knows, as requirements and config.toml spell them (`ForcedLoginMethod`). */
export const LOGIN_METHODS = ['api', 'chatgpt'] as const;

/** A login method. */
export type LoginMethod = (typeof LOGIN_METHODS)[number];

/** What an `[application.network.domains]` entry may say of a domain. */
export const DOMAIN_PERMISSIONS = ['allow', 'deny'] as const;

/** A domain's permission in `[application.network.domains]`. */
export type DomainPermission = (typeof DOMAIN_PERMISSIONS)[number];

/** The model providers built into Codex 0.171, which requirements may name. */
export const BUILTIN_MODEL_PROVIDERS = ['openai', 'ollama', 'lmstudio', 'amazon-bedrock'] as const;

/** Built-in providers requirements cannot redefine at all (`amazon-bedrock` takes a few fields). */
export const RESERVED_MODEL_PROVIDERS = ['openai', 'ollama', 'lmstudio'] as const;

/** The fields a requirements `[model_providers.amazon-bedrock]` may change. */
export const BEDROCK_FIELDS = ['base_url', 'auth', 'http_headers', 'aws'] as const;

/** The wire protocols a model provider may speak (0.171 refuses `chat`: "no longer supported"). */
export const WIRE_APIS = ['responses'] as const;

/** Values as a backtick list (`a`, `b` or `c`), as serde names what it expected. */
export function expected(values: readonly string[]): string {
  const quoted = values.map((v) => `\`${v}\``);
  return quoted.length <= 2 ? quoted.join(' or ') : `one of ${quoted.join(', ')}`;
}
