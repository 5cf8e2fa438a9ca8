import { isAbsolute } from 'node:path';
import { deepEqual, rustRegex, type Reporter } from '@ratchet/core';
import { keyPart, meetShape } from './shape.js';
import { MARKETPLACES, type AllowedSource, type MarketplacesTable } from './tables.js';

/** Why Codex could not compile an allowed source (`compile_allowed_source`), or undefined when it can. */
export function sourceProblem(entry: AllowedSource): string | undefined {
  const blank = (text: string | undefined) => text === undefined || text.trim() === '';
  switch (entry.source) {
    case undefined:
      return 'missing source';
    case 'git':
      if (blank(entry.url)) return 'missing url';
      return entry.ref !== undefined && entry.ref.trim() === '' ? 'ref must not be empty' : undefined;
    case 'host_pattern': {
      if (blank(entry.host_pattern)) return 'missing host_pattern';
      const compiled = rustRegex(entry.host_pattern!.trim());
      return compiled.ok ? undefined : `host_pattern is not a usable regular expression: ${compiled.reason}`;
    }
    case 'local':
      if (entry.path === undefined || entry.path === '') return 'missing path';
      return isAbsolute(entry.path) ? undefined : 'local path must be absolute';
  }
}

/**
 * Warns about allowed sources Codex cannot compile. They do not stop loading in Codex: while
 * `restrict_to_allowed_sources` is on, one bad entry makes it refuse every marketplace source instead.
 */
export function checkAllowedSources(table: MarketplacesTable, by: string, report: Reporter): void {
  if (table.restrict_to_allowed_sources !== true) return;
  for (const [name, entry] of Object.entries(table.allowed_sources ?? {})) {
    const problem = sourceProblem(entry);
    if (problem === undefined) continue;
    report({
      severity: 'warning',
      kind: 'invalid-value',
      key: `marketplaces.allowed_sources.${keyPart(name)}`,
      message: `invalid marketplace allowed source \`${name}\` in ${by}: ${problem}; while restrict_to_allowed_sources is on, Codex then refuses every marketplace source`,
      suggestion: 'fix the entry (git: url; host_pattern: a regex; local: an absolute path) or remove it',
    });
  }
}

/**
 * The strict meet of two `[marketplaces]` tables: restriction from either side holds, and when both restrict only
 * the sources both allow (same name, same entry) remain.
 */
export function meetMarketplaces(
  a: MarketplacesTable | undefined,
  b: MarketplacesTable | undefined,
): MarketplacesTable | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const met = meetShape(MARKETPLACES, a, b) as MarketplacesTable;
  const restricts = (t: MarketplacesTable) => t.restrict_to_allowed_sources === true;
  if (!restricts(a) && !restricts(b)) return met;
  const [x, y] = [a.allowed_sources ?? {}, b.allowed_sources ?? {}];
  let sources: Record<string, AllowedSource>;
  if (restricts(a) && restricts(b))
    sources = Object.fromEntries(
      Object.entries(x).filter(([name, entry]) => Object.hasOwn(y, name) && deepEqual(entry, y[name])),
    );
  else sources = { ...(restricts(a) ? x : y) };
  return { ...met, allowed_sources: sources };
}
