import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Table } from '../shape/shape.js';

/** Where a requirements layer came from, as shown in every message about it. */
export interface RequirementSource {
  /** `cloud`, `mdm`, `system`, `legacy` (managed_config.toml), `file` (named on the command line) or `host`. */
  readonly kind: 'cloud' | 'mdm' | 'system' | 'legacy' | 'file' | 'host';
  /** Display name: a file path, `MDM com.openai.codex:requirements_toml_base64`, or a host-given name. */
  readonly label: string;
  /** The file the layer was read from, absolute; relative paths written in the layer resolve against its folder. */
  readonly path?: string;
  /** Folder relative paths in the layer resolve against when the layer has no file (cloud: `CODEX_HOME`). See `resolveLayerPath`. */
  readonly baseDir?: string;
}

/** One parsed input from a source: a requirements table, or a legacy managed config to convert. */
export interface LayerInput {
  readonly source: RequirementSource;
  readonly format: 'requirements' | 'managed-config';
  readonly table: Table;
}

/**
 * Where a source's layer was actually read from, for reports such as `ratchet sources`. Kept small on purpose:
 * - `from`: `network` or `cache` (cloud), `preferences` (macOS managed preferences), `env` or `file` (MDM payload elsewhere);
 * - `location`: the URL, cache file, preference `domain:key`, variable name or file path;
 * - `ageMs`: how old the content is (cloud: time since it was fetched; 0 when it came from the network just now).
 */
export interface SourceDetail {
  readonly from: 'network' | 'cache' | 'preferences' | 'env' | 'file';
  readonly location: string;
  readonly ageMs?: number;
}

/** What a source produced when it was read: layers (usually zero or one), problems and, optionally, where it read them. */
export interface SourceResult {
  readonly layers: readonly LayerInput[];
  readonly diagnostics: readonly Diagnostic[];
  readonly detail?: SourceDetail;
}

/** A place requirements come from. Sources are ordered highest precedence first. */
export interface RequirementsSourceLoader {
  /** Stable name of the source, e.g. `system`, `file:/path/requirements.toml`. */
  readonly id: string;
  /** One line describing where it reads from. */
  readonly description: string;
  load(): SourceResult | Promise<SourceResult>;
}
