import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Table } from '../shape/shape.js';

/** Where a requirements layer came from, as shown in every message about it. */
export interface RequirementSource {
  /** `cloud`, `mdm`, `system`, `legacy` (managed_config.toml), `file` (named on the command line) or `host`. */
  readonly kind: 'cloud' | 'mdm' | 'system' | 'legacy' | 'file' | 'host';
  /** Display name: a file path, `MDM com.openai.codex:requirements_toml_base64`, or a host-given name. */
  readonly label: string;
  readonly path?: string;
}

/** One parsed input from a source: a requirements table, or a legacy managed config to convert. */
export interface LayerInput {
  readonly source: RequirementSource;
  readonly format: 'requirements' | 'managed-config';
  readonly table: Table;
}

/** What a source produced when it was read: layers (usually zero or one) and problems. */
export interface SourceResult {
  readonly layers: readonly LayerInput[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A place requirements come from. Sources are ordered highest precedence first. */
export interface RequirementsSourceLoader {
  /** Stable name of the source, e.g. `system`, `file:/path/requirements.toml`. */
  readonly id: string;
  /** One line describing where it reads from. */
  readonly description: string;
  load(): SourceResult | Promise<SourceResult>;
}
