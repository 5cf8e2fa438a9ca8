import { dirname, isAbsolute, join, resolve } from 'node:path';
import { cloudRequirementsSource, type CloudSourceOptions } from './cloud.js';
import { mdmRequirementsSource, type MdmSourceOptions } from './mdm.js';
import { decodeBase64Toml } from './payload.js';
import type { LayerInput, RequirementSource, RequirementsSourceLoader, SourceResult } from './source.js';
import { parseTomlText, readTomlFile, type FileReader, type TomlRead } from './toml.js';

function toResult(read: TomlRead | undefined, source: RequirementSource, format: LayerInput['format']): SourceResult {
  if (read === undefined) return { layers: [], diagnostics: [] };
  if (!read.ok) return { layers: [], diagnostics: [read.diagnostic] };
  return { layers: [{ source, format, table: read.table }], diagnostics: [] };
}

/** Options of a file source: its kind, whether a missing file is an error, and how files are read. */
export interface FileSourceOptions {
  readonly kind?: RequirementSource['kind'];
  /** When true (the default for system files) a missing file yields no layer instead of an error. */
  readonly optional?: boolean;
  /** The file reader (default: the disk). */
  readonly read?: FileReader;
}

/** An absolute form of a file path, so relative paths inside the file keep resolving against its folder. */
const absolute = (path: string) => (isAbsolute(path) ? path : resolve(path));

/**
 * A `requirements.toml` on disk. A missing file is no layer when `optional` (else an error); any other read error
 * (permissions, a folder, …) stops loading with the path and the reason. The layer's `source.path` is the absolute
 * path, so providers resolve relative entries against the file's folder (`resolveLayerPath`).
 */
export function requirementsFileSource(path: string, options: FileSourceOptions = {}): RequirementsSourceLoader {
  const file = absolute(path);
  const source: RequirementSource = { kind: options.kind ?? 'file', label: path, path: file };
  return {
    id: `${source.kind}:${path}`,
    description: `requirements file ${path}`,
    load: () =>
      toResult(readTomlFile(file, options.optional ? 'absent' : 'error', path, options.read), source, 'requirements'),
  };
}

/** Requirements TOML handed over by a host under a name of its choosing. */
export function requirementsTextSource(
  text: string,
  label: string,
  kind: RequirementSource['kind'] = 'host',
): RequirementsSourceLoader {
  const source: RequirementSource = { kind, label };
  return {
    id: `${kind}:${label}`,
    description: `requirements given as text (${label})`,
    load: () => toResult(parseTomlText(text, label), source, 'requirements'),
  };
}

/** A base64-encoded requirements payload, as MDM delivers `requirements_toml_base64` (see `mdmRequirementsSource` for reading it from the system). */
export function requirementsBase64Source(
  payload: string,
  label = 'MDM com.openai.codex:requirements_toml_base64',
): RequirementsSourceLoader {
  const source: RequirementSource = { kind: 'mdm', label };
  return {
    id: `mdm:${label}`,
    description: `base64 requirements payload (${label})`,
    load: () => toResult(decodeBase64Toml(payload, label), source, 'requirements'),
  };
}

/** A legacy `managed_config.toml`; providers turn its settings into single-value requirements. A missing file is no layer unless `optional` is false. */
export function managedConfigFileSource(
  path: string,
  { optional = true, read }: { readonly optional?: boolean; readonly read?: FileReader } = {},
): RequirementsSourceLoader {
  const file = absolute(path);
  const source: RequirementSource = { kind: 'legacy', label: path, path: file };
  return {
    id: `legacy:${path}`,
    description: `legacy managed config ${path}`,
    load: () => toResult(readTomlFile(file, optional ? 'absent' : 'error', path, read), source, 'managed-config'),
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

/** The legacy `managed_config.toml` beside the system `requirements.toml`. */
export function legacyManagedConfigPath(platform: Platform): string {
  const system = systemRequirementsPath(platform);
  return platform.os === 'win32'
    ? `${system.slice(0, system.lastIndexOf('\\'))}\\managed_config.toml`
    : join(dirname(system), 'managed_config.toml');
}

/** What a host adds to the default sources. */
export interface DefaultSourcesOptions {
  /** Cloud-managed requirements; without it there is no cloud layer. */
  readonly cloud?: CloudSourceOptions;
  /**
   * MDM requirements. On macOS they are read from managed preferences unless this is `false`; elsewhere only when
   * `envVar` or `file` names where the payload is.
   */
  readonly mdm?: Omit<MdmSourceOptions, 'os' | 'format'> | false;
  /**
   * The MDM legacy managed config (`config_toml_base64`), read as `mdm` is: on macOS unless this is `false`;
   * elsewhere only when `envVar` or `file` names where the payload is.
   */
  readonly mdmManagedConfig?: Omit<MdmSourceOptions, 'os' | 'format'> | false;
  /** How the system requirements file and the legacy managed config are read (default: the disk). */
  readonly read?: FileReader;
}

/**
 * The default sources, highest precedence first (Codex's documented order, era E1): cloud (when configured), MDM,
 * the system `requirements.toml`, then the legacy managed configs: MDM `config_toml_base64` above the
 * `managed_config.toml` beside the system file.
 */
export function defaultRequirementsSources(
  platform: Platform,
  options: DefaultSourcesOptions = {},
): RequirementsSourceLoader[] {
  const system = systemRequirementsPath(platform);
  const legacy = legacyManagedConfigPath(platform);
  const sources: RequirementsSourceLoader[] = [];
  if (options.cloud) sources.push(cloudRequirementsSource(options.cloud));
  const mdmWanted = (o: DefaultSourcesOptions['mdm']): o is Omit<MdmSourceOptions, 'os' | 'format'> | undefined =>
    o !== false && (platform.os === 'darwin' || o?.envVar !== undefined || o?.file !== undefined);
  if (mdmWanted(options.mdm))
    sources.push(mdmRequirementsSource({ env: platform.env, ...options.mdm, os: platform.os }));
  const read = options.read && { read: options.read };
  sources.push(requirementsFileSource(system, { kind: 'system', optional: true, ...read }));
  if (mdmWanted(options.mdmManagedConfig)) {
    sources.push(
      mdmRequirementsSource({
        env: platform.env,
        ...options.mdmManagedConfig,
        os: platform.os,
        format: 'managed-config',
      }),
    );
  }
  sources.push(managedConfigFileSource(legacy, { ...read }));
  return sources;
}

/** The default user config: `$CODEX_HOME/config.toml`, else `~/.codex/config.toml`. */
export function defaultConfigPath(platform: Platform): string {
  const home = platform.env.CODEX_HOME;
  return home ? join(home, 'config.toml') : join(platform.homedir, '.codex', 'config.toml');
}
