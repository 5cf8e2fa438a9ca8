import { dirname, isAbsolute, resolve } from 'node:path';
import type { RequirementSource } from './source.js';

/**
 * Resolves a path written inside a requirements layer, as Codex does: an absolute path stays as it is; a relative
 * one resolves against the layer's `baseDir` (cloud: `CODEX_HOME`), else the folder of the file it was read from
 * (`/etc/codex/requirements.toml` → `/etc/codex`). Undefined when the layer has neither (MDM payloads, host text):
 * the caller decides whether a relative path is an error there.
 */
export function resolveLayerPath(source: RequirementSource, entry: string): string | undefined {
  if (isAbsolute(entry)) return entry;
  const base = source.baseDir ?? (source.path !== undefined ? dirname(source.path) : undefined);
  return base === undefined ? undefined : resolve(base, entry);
}
