import { abbreviate, isTable, warnUnknownKeys, type JsonSchema, type Reporter } from '@ratchet/core';
import { readVariant, wrongType } from './read.js';
import { BEDROCK_FIELDS, RESERVED_MODEL_PROVIDERS, WIRE_APIS } from './values.js';

/** A model provider definition as requirements give it (`ModelProviderInfo`): the fields read, nothing else. */
export type ProviderDefinition = Readonly<Record<string, unknown>>;

type FieldType = 'string' | 'boolean' | 'count' | 'table' | 'string-map' | 'wire-api';

/** The fields of Codex 0.171's `ModelProviderInfo` and how each is type-checked; others are warned about and ignored. */
const FIELDS: Readonly<Record<string, FieldType>> = {
  name: 'string',
  base_url: 'string',
  model_catalog_url: 'string',
  env_key: 'string',
  env_key_instructions: 'string',
  experimental_bearer_token: 'string',
  auth: 'table',
  gateway_oauth: 'table',
  aws: 'table',
  project_id: 'string',
  location: 'string',
  credential_file: 'string',
  wire_api: 'wire-api',
  capabilities: 'table',
  query_params: 'string-map',
  http_headers: 'string-map',
  env_http_headers: 'string-map',
  request_max_retries: 'count',
  stream_max_retries: 'count',
  stream_idle_timeout_ms: 'count',
  websocket_connect_timeout_ms: 'count',
  requires_openai_auth: 'boolean',
  supports_websockets: 'boolean',
  supports_standalone_web_search: 'boolean',
};

/** The field names of a model provider definition. */
const DEFINITION_FIELDS = Object.keys(FIELDS);

const FIELD_SCHEMAS: Readonly<Record<FieldType, JsonSchema>> = {
  string: { type: 'string' },
  boolean: { type: 'boolean' },
  count: { type: 'integer', minimum: 0 },
  table: { type: 'object' },
  'string-map': { type: 'object', additionalProperties: { type: 'string' } },
  'wire-api': { enum: [...WIRE_APIS] },
};

const fieldSchemas = (fields: readonly string[]) =>
  Object.fromEntries(fields.map((f) => [f, FIELD_SCHEMAS[FIELDS[f]!]]));

/** The JSON Schema of `[model_providers]` in requirements: a named definition per id, amazon-bedrock's few fields. */
export const definitionsSchema: JsonSchema = {
  type: 'object',
  propertyNames: { not: { enum: [...RESERVED_MODEL_PROVIDERS] } },
  properties: {
    'amazon-bedrock': { type: 'object', additionalProperties: false, properties: fieldSchemas(BEDROCK_FIELDS) },
  },
  additionalProperties: {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { ...fieldSchemas(DEFINITION_FIELDS), name: { type: 'string', pattern: '\\S' } },
    description:
      "A provider definition (unknown fields are ignored, with a warning); it replaces the user's definition of the same id.",
  },
  description:
    'Model provider definitions (openai, ollama and lmstudio cannot be redefined; amazon-bedrock only its base_url, auth, http_headers and aws).',
};

function readField(type: FieldType, raw: unknown, key: string, report: Reporter): unknown {
  switch (type) {
    case 'string':
      return typeof raw === 'string' ? raw : wrongType(report, key, 'a string', raw, `write ${key} = "..."`);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : wrongType(report, key, 'a boolean', raw, `write ${key} = true or false`);
    case 'count':
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= 0
        ? raw
        : wrongType(report, key, 'a whole number of at least 0', raw, `write ${key} = 0 or more`);
    case 'table':
      return isTable(raw) ? raw : wrongType(report, key, 'a table', raw, `write [${key}] as a table`);
    case 'string-map': {
      if (!isTable(raw))
        return wrongType(report, key, 'a table of strings', raw, `write [${key}] with "string" values`);
      const bad = Object.entries(raw).filter(([, v]) => typeof v !== 'string');
      for (const [name, v] of bad) wrongType(report, `${key}.${name}`, 'a string', v, `write ${key}.${name} = "..."`);
      return bad.length === 0 ? raw : undefined;
    }
    case 'wire-api':
      if (raw === 'chat') {
        report({
          severity: 'error',
          kind: 'unknown-value',
          key,
          message: '`wire_api = "chat"` is no longer supported',
          suggestion: `set ${key} = "responses"`,
        });
        return undefined;
      }
      return readVariant(raw, key, WIRE_APIS, report);
  }
}

/**
 * One `[model_providers.<id>]` of requirements: a table with a non-empty `name` (0.171: "provider name must not be
 * empty"), every known field type-checked; unknown fields are warned about and ignored, as 0.171 does.
 */
export function readDefinition(raw: unknown, key: string, report: Reporter): ProviderDefinition | undefined {
  if (key.endsWith('.amazon-bedrock')) return readBedrock(raw, key, report);
  if (!isTable(raw))
    return wrongType(report, key, 'a model provider table', raw, `write [${key}] with at least name = "..."`);
  warnUnknownKeys(raw, DEFINITION_FIELDS, `${key}.`, report);
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [field, type] of Object.entries(FIELDS)) {
    if (raw[field] === undefined) continue;
    const value = readField(type, raw[field], `${key}.${field}`, report);
    if (value === undefined) ok = false;
    else out[field] = value;
  }
  if (typeof out.name !== 'string' || out.name.trim() === '') {
    if (raw.name === undefined || typeof raw.name === 'string') {
      report({
        severity: 'error',
        kind: 'missing-key',
        key: `${key}.name`,
        message: `${key}: provider name must not be empty`,
        suggestion: `add name = "${abbreviate(key.split('.').at(-1) ?? 'Provider')}" to [${key}]`,
      });
    }
    ok = false;
  }
  return ok ? out : undefined;
}

/** `[model_providers.amazon-bedrock]`: the built-in provider with only base_url, auth, http_headers and aws changed. */
function readBedrock(raw: unknown, key: string, report: Reporter): ProviderDefinition | undefined {
  if (!isTable(raw))
    return wrongType(report, key, 'a table', raw, `write [${key}] with base_url, auth, http_headers or aws`);
  const other = Object.keys(raw).filter((f) => !(BEDROCK_FIELDS as readonly string[]).includes(f));
  if (other.length > 0) {
    report({
      severity: 'error',
      kind: 'invalid-value',
      key: `${key}.${other[0]}`,
      message: `${key} only supports changing \`base_url\`, \`auth\`, \`http_headers\`, \`aws.profile\`, \`aws.region\`, \`aws.credential_export\`, and \`aws.auth_refresh\`; other non-default provider fields are not supported`,
      suggestion: `remove ${other.join(', ')} from [${key}]`,
    });
    return undefined;
  }
  let ok = true;
  for (const field of BEDROCK_FIELDS)
    if (raw[field] !== undefined && readField(FIELDS[field]!, raw[field], `${key}.${field}`, report) === undefined)
      ok = false;
  return ok ? raw : undefined;
}
