import {
  expectBoolean,
  expectEntries,
  expectString,
  expectStringList,
  expectTable,
  type Reporter,
} from '@ratchet/core';
import type { Transport } from './identity.js';

/** A configured MCP server, reduced to what requirements judge and what `ratchet mcp list` shows (env values are never kept). */
export interface McpServer {
  readonly enabled: boolean;
  readonly command?: string;
  readonly args?: readonly string[];
  readonly cwd?: string;
  readonly url?: string;
  /** Set when requirements turned the server off: which requirement, from which source, and why. */
  readonly disabled_reason?: string;
}

/** Configured servers by name. */
export type McpServers = Readonly<Record<string, McpServer>>;

export function transportOf(server: McpServer): Transport {
  return server.command !== undefined
    ? { command: server.command, args: server.args ?? [] }
    : { url: server.url ?? '' };
}

/** Parses `[mcp_servers]` of config.toml: each server has exactly one of `command` (stdio) and `url` (HTTP); other keys are the host's. */
export function parseServers(raw: unknown, key: string, report: Reporter): McpServers | undefined {
  return expectEntries(raw, key, report, (entry, at, name): McpServer | undefined => {
    const server = expectTable(entry, at, report);
    if (!server) return undefined;
    if ((server.command === undefined) === (server.url === undefined)) {
      report({
        severity: 'error',
        kind: server.command === undefined ? 'missing-key' : 'conflict',
        key: at,
        message: `MCP server "${name}" must set exactly one of command (stdio) and url (HTTP)`,
        suggestion: `write command = "..." or url = "..." under [${at}]`,
      });
      return undefined;
    }
    const enabled = server.enabled === undefined ? true : expectBoolean(server.enabled, `${at}.enabled`, report);
    const command = server.command === undefined ? undefined : expectString(server.command, `${at}.command`, report);
    const args = server.args === undefined ? undefined : expectStringList(server.args, `${at}.args`, report);
    const cwd = server.cwd === undefined ? undefined : expectString(server.cwd, `${at}.cwd`, report);
    const url = server.url === undefined ? undefined : expectString(server.url, `${at}.url`, report);
    const envOk = server.env === undefined || expectTable(server.env, `${at}.env`, report) !== undefined;
    // Any reported problem fails the server: a bad args list must not be dropped silently (identities compare args).
    const bad = (raw: unknown, parsed: unknown) => raw !== undefined && parsed === undefined;
    if (
      enabled === undefined ||
      bad(server.command, command) ||
      bad(server.args, args) ||
      bad(server.cwd, cwd) ||
      bad(server.url, url) ||
      !envOk
    )
      return undefined;
    return {
      enabled,
      ...(command !== undefined && { command }),
      ...(args !== undefined && { args }),
      ...(cwd !== undefined && { cwd }),
      ...(url !== undefined && { url }),
    };
  });
}
