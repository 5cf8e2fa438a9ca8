import type { JsonSchema } from '@ratchet/core';
import { MATCHES } from './identity.js';

const matcher = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['match', 'value'],
      properties: { match: { enum: MATCHES.filter((m) => m !== 'regex') }, value: { type: 'string' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['match', 'expression'],
      properties: {
        match: { const: MATCHES[2] },
        expression: { type: 'string', description: 'Anchored at both ends.' },
      },
    },
  ],
};

const identity = {
  type: 'object',
  additionalProperties: false,
  description: 'Exactly one of command (stdio) and url (streamable HTTP).',
  properties: {
    command: {
      oneOf: [
        { type: 'string' },
        {
          type: 'object',
          additionalProperties: false,
          required: ['executable'],
          properties: {
            executable: { type: 'string' },
            args: { type: 'array', items: { oneOf: [{ type: 'string' }, matcher] } },
          },
        },
      ],
    },
    url: { oneOf: [{ type: 'string' }, matcher] },
  },
};

const allowlist = {
  type: 'object',
  description:
    'Allowlisted MCP servers by name; a server must match its identity to stay enabled. An empty table disables every server.',
  additionalProperties: {
    type: 'object',
    required: ['identity'],
    properties: { identity, description: { type: 'string' } },
  },
};

/** JSON Schema of the MCP provider's requirement keys. */
export const mcpSchema: JsonSchema = {
  properties: {
    mcp_servers: allowlist,
    plugins: { type: 'object', additionalProperties: { type: 'object', properties: { mcp_servers: allowlist } } },
    ...Object.fromEntries(
      ['mcp_server_allowlist', 'mcp_server_requirements'].map((name) => [
        name,
        {
          deprecated: true,
          description: 'An early name that is not read: nothing in it is enforced. Use [mcp_servers].',
        },
      ]),
    ),
  },
};
