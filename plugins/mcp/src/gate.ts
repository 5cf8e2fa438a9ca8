import { ProviderSetupError, type Policy } from '@ratchet/core';
import { verdict, type Verdict } from './allowlist.js';
import { MCP_PROVIDER } from './keys.js';
import { sourcesOf } from './provider.js';

/** A server a host is about to start: its name, the plugin that brings it (if any), and its command or url. */
export interface ServerToStart {
  readonly name: string;
  readonly plugin?: string;
  readonly command?: string;
  readonly args?: readonly string[];
  readonly url?: string;
}

/** The runtime question "may this server start?", answered under the loaded policy's MCP requirements. */
export function mcpGate(policy: Policy): (server: ServerToStart) => Verdict {
  if (!policy.provider(MCP_PROVIDER)) throw new ProviderSetupError('mcpGate needs the mcp provider to be loaded');
  const requirement = policy.requirementOf(MCP_PROVIDER);
  const sources = sourcesOf(requirement);
  return (server) => {
    if ((server.command === undefined) === (server.url === undefined)) {
      return { allowed: false, reason: `server "${server.name}" must give exactly one of command and url` };
    }
    const transport =
      server.command !== undefined ? { command: server.command, args: server.args ?? [] } : { url: server.url! };
    return verdict(
      requirement.value,
      { name: server.name, ...(server.plugin !== undefined && { plugin: server.plugin }), transport },
      sources,
    );
  };
}
