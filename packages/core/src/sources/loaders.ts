import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LayerInput, RequirementSource, RequirementsSourceLoader, SourceResult } from './source.js';
import { parseTomlText, readTomlFile, type TomlRead } from './toml.js';

function toResult(read: TomlRead | undefined, source: RequirementSource, format: LayerInput['format']): SourceResult {
  if (read === undefined) return { layers: [], diagnostics: [] };
  if (!read.ok) return { layers: [], diagnostics: [read.diagnostic] };
  return { layers: [{ source, format, table: read.table }], diagnostics: [] };
}

/** Options of a file source: its kind and whether a missing file is an error. */
export interface FileSourceOptions {
  readonly kind?: RequirementSource['kind'];
  /** When true (the default for system files) a missing file yields no layer instead of an error. */
  readonly optional?: boolean;
}

/** A `requirements.toml` on disk. */
export function requirementsFileSource(path: string, options: FileSourceOptions = {}): RequirementsSourceLoader {
  const source: RequirementSource = { kind: options.kind ?? 'file', label: path, path };
  return {
    id: `${source.kind}:${path}`,
    description: `requirements file ${path}`,
    load: () => toResult(readTomlFile(path, options.optional ? 'absent' : 'error'), source, 'requirements'),
  };
}

/** Requirements TOML handed over by a host under a name of its choosing. */
export function requirementsTextSource(text: string, label: string, kind: RequirementSource['kind'] = 'host'): RequirementsSourceLoader {
  const source: RequirementSource = { kind, label };
  return {
    id: `${kind}:${label}`,
    description: `requirements given as text (${label})`,
    load: () => toResult(parseTomlText(text, label), source, 'requirements'),
  };
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** A base64-encoded requirements payload, as MDM delivers `requirements_toml_base64`. */
export function requirementsBase64Source(
  payload: string,
  label = 'MDM com.openai.codex:requirements_toml_base64',
): RequirementsSourceLoader {
  const source: RequirementSource = { kind: 'mdm', label };
  return {
    id: `mdm:${label}`,
    description: `base64 requirements payload (${label})`,
    load: () => {
      if (!BASE64.test(payload)) {
        const diagnostic: Diagnostic = {
          kind: 'invalid-value',
          severity: 'error',
          source: label,
          message: 'payload is not valid base64',
          suggestion: 'encode the requirements TOML with base64',
        };
        return { layers: [], diagnostics: [diagnostic] };
      }
      return toResult(parseTomlText(Buffer.from(payload, 'base64').toString('utf8'), label), source, 'requirements');
    },
  };
}

/** A legacy `managed_config.toml`; providers turn its settings into single-value requirements. A missing file is no layer unless `optional` is false. */
export function managedConfigFileSource(path: string, { optional = true }: { readonly optional?: boolean } = {}): RequirementsSourceLoader {
  const source: RequirementSource = { kind: 'legacy', label: path, path };
  return {
    id: `legacy:${path}`,
    description: `legacy managed config ${path}`,
    load: () => toResult(readTomlFile(path, optional ? 'absent' : 'error'), source, 'managed-config'),
  };
}

/** Platform facts the default locations depend on; injectable so tests need not touch the real system. */
export interface Platform {
  readonly os: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homedir: string;
}

/** The system `requirements.toml` path for this platform. */
export function systemRequirementsPath(platform: Platform): string {
  if (platform.os === 'win32') {
    const programData = platform.env.ProgramData ?? platform.env.PROGRAMDATA ?? 'C:\\ProgramData';
    return `${programData}\\OpenAI\\Codex\\requirements.toml`;
  }
  return '/etc/codex/requirements.toml';
}

/** The default sources, highest first: the system file, then the legacy managed config beside it. */
export function defaultRequirementsSources(platform: Platform): RequirementsSourceLoader[] {
  const system = systemRequirementsPath(platform);
  const sep = platform.os === 'win32' ? '\\' : '/';
  const legacy = platform.os === 'win32' ? `${system.slice(0, system.lastIndexOf(sep))}${sep}managed_config.toml` : join(dirname(system), 'managed_config.toml');
  return [requirementsFileSource(system, { kind: 'system', optional: true }), managedConfigFileSource(legacy)];
}

/** The default user config: `$CODEX_HOME/config.toml`, else `~/.codex/config.toml`. */
export function defaultConfigPath(platform: Platform): string {
  const home = platform.env.CODEX_HOME;
  return home ? join(home, 'config.toml') : join(platform.homedir, '.codex', 'config.toml');
}
