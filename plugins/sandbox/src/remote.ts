import {
  expectArray,
  expectEnumList,
  expectStringList,
  expectTable,
  warnUnknownKeys,
  type Reporter,
} from '@ratchet/core';
import { hostnameMatches, normalizeHostname } from './hostname.js';
import { SANDBOX_MODES, type SandboxMode } from './modes.js';

/** One `[[remote_sandbox_config]]` entry. */
export interface RemoteSandboxEntry {
  readonly hostname_patterns: readonly string[];
  readonly allowed_sandbox_modes: readonly SandboxMode[];
}

/** Reads `[[remote_sandbox_config]]`; every entry is checked for shape whether or not it matches. */
export function parseRemoteEntries(raw: unknown, report: Reporter): RemoteSandboxEntry[] | undefined {
  const list = expectArray(raw, 'remote_sandbox_config', report, 'tables');
  if (!list) return undefined;
  const entries: RemoteSandboxEntry[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const key = `remote_sandbox_config[${i}]`;
    const table = expectTable(item, key, report);
    if (!table) return void (ok = false);
    warnUnknownKeys(table, ['hostname_patterns', 'allowed_sandbox_modes'], `${key}.`, report);
    let complete = true;
    for (const field of ['hostname_patterns', 'allowed_sandbox_modes']) {
      if (table[field] === undefined) {
        report({
          severity: 'error',
          kind: 'missing-key',
          key: `${key}.${field}`,
          message: `missing field \`${field}\``,
          suggestion: `add ${field} = [ ... ] to every [[remote_sandbox_config]] entry`,
        });
        complete = false;
      }
    }
    if (!complete) return void (ok = false);
    const patterns = expectStringList(table.hostname_patterns, `${key}.hostname_patterns`, report);
    const modes = expectEnumList(table.allowed_sandbox_modes, `${key}.allowed_sandbox_modes`, report, SANDBOX_MODES);
    if (patterns && modes) entries.push({ hostname_patterns: patterns, allowed_sandbox_modes: modes });
    else ok = false;
  });
  return ok ? entries : undefined;
}

/** The first entry (in file order) with a pattern matching the host, and that pattern. */
export function selectRemoteEntry(
  entries: readonly RemoteSandboxEntry[],
  hostname: string | undefined,
): { entry: RemoteSandboxEntry; index: number; pattern: string } | undefined {
  if (hostname === undefined || normalizeHostname(hostname) === '') return undefined;
  for (const [index, entry] of entries.entries()) {
    const pattern = entry.hostname_patterns.find((p) => hostnameMatches(hostname, p));
    if (pattern !== undefined) return { entry, index, pattern };
  }
  return undefined;
}
