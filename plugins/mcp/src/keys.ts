import { providerKey, settingKey } from '@ratchet/core';
import type { McpRequirement } from './allowlist.js';
import type { McpSettings } from './provider.js';

/** The MCP provider's key: `policy.requirementOf(MCP_PROVIDER)` is its combined allowlist. */
export const MCP_PROVIDER = providerKey<McpRequirement, McpSettings>('mcp');
/** The effective `mcp_servers`, each with `enabled` and, when requirements disabled it, why. */
export const MCP_SERVERS = settingKey(MCP_PROVIDER, 'mcp_servers');
