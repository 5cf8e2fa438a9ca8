// The public surface of @ratchet/core, named one by one: what hosts and plugin authors use, nothing internal.
// The pipeline and the contract are described in docs/architecture.md.

// The provider contract and its typed keys.
export type {
  AnyProvider,
  Combined,
  Decision,
  DependencyReader,
  FieldCombine,
  FieldSpec,
  JsonSchema,
  LegacyKey,
  ParseContext,
  Provider,
  Requested,
  RequestedSettings,
  RequirementShape,
  Resolution,
  ResolveContext,
  SettingSpec,
  SettingsShape,
  ValueOrigin,
} from './provider/contract.js';
export { createProvider, type ProviderDefinition } from './provider/create-provider.js';
export { outputKey, providerKey, settingKey, type Key, type ProviderKey } from './provider/keys.js';
export { configSchema, requirementsSchema } from './provider/schema.js';
export {
  atLeastAsStrict,
  defineQuestion,
  type Answer,
  type AnyQuestion,
  type BoundQuery,
  type Question,
  type QuestionContext,
} from './provider/questions.js';

// Diagnostics and errors.
export {
  DiagnosticBag,
  FATAL_KINDS,
  formatDiagnostic,
  NOTICE_KINDS,
  type Classified,
  type Diagnostic,
  type DiagnosticKind,
  type FatalKind,
  type NoticeKind,
  type Report,
  type Reporter,
  type Severity,
} from './diagnostics/diagnostic.js';
export {
  ConflictError,
  ConstraintRefusedError,
  InputError,
  InputTooLargeError,
  InvalidEncodingError,
  InvalidTypeError,
  InvalidValueError,
  MissingKeyError,
  ProviderSetupError,
  RatchetError,
  SourceReadError,
  throwIfErrors,
  TomlSyntaxError,
  UnknownKeyError,
  UnknownValueError,
} from './diagnostics/errors.js';
export { closest, suggestion } from './diagnostics/suggest.js';

// Reading requirement slices and user values.
export {
  expectArray,
  expectBoolean,
  expectEntries,
  expectEnum,
  expectEnumList,
  expectString,
  expectStringList,
  expectTable,
  isTable,
  typeName,
  valueAt,
  warnUnknownKeys,
  type Table,
} from './shape/shape.js';
export { abbreviate, deepEqual, formatValue, toPlain } from './shape/values.js';
export { rustRegex, type RustPattern, type RustRegex } from './shape/rust-regex.js';
export { pickAllowed, type PickOptions } from './resolve/pick.js';
export { combineLayers, type LayeringMode, type ParsedLayer } from './layering/combine.js';

// The plain API: sources and providers in, a policy out, then questions to it.
export { createEngine, type EngineSetup, type ProviderRegistration } from './resolve/create-engine.js';
export { Engine, type EngineOptions, type SourceReport } from './resolve/engine.js';
export { Policy } from './resolve/policy.js';
export type { LayerInfo, RequirementSet } from './layering/requirements.js';
export { effectiveObject, Resolved, type ConstraintRef, type EffectiveEntry } from './resolve/effective.js';
export { Constrained, type CanSet } from './constrained/constrained.js';
export { checkConfigWrite, type ConfigEdit, type WriteCheck } from './resolve/writes.js';
export {
  loadUserConfig,
  parseOverride,
  UserConfig,
  type ConfigLayer,
  type UserConfigOptions,
} from './config/user-config.js';

// Reading files: one bounded reader (regular files only, capped, strict UTF-8) and filesystem errors as reasons.
export {
  MAX_INPUT_BYTES,
  readFileBytes,
  readTextFile,
  type BytesRead,
  type ReadFailure,
  type ReadFileOptions,
  type TextRead,
} from './io/read-file.js';
export { describeFsError, isFsError } from './io/fs-errors.js';

// Requirements sources.
export type {
  LayerInput,
  RequirementSource,
  RequirementsSourceLoader,
  SourceDetail,
  SourceResult,
} from './sources/source.js';
export {
  defaultConfigPath,
  defaultRequirementsSources,
  legacyManagedConfigPath,
  managedConfigFileSource,
  requirementsBase64Source,
  requirementsFileSource,
  requirementsTextSource,
  systemRequirementsPath,
  type DefaultSourcesOptions,
  type FileSourceOptions,
  type Platform,
} from './sources/loaders.js';
export { mdmRequirementsSource, type MdmSourceOptions } from './sources/mdm.js';
export { cloudRequirementsSource, type CloudSourceOptions } from './sources/cloud.js';
export { resolveLayerPath } from './sources/relative.js';
export { MAX_TOML_BYTES, parseTomlText, readTomlFile, type FileReader, type TomlRead } from './sources/toml.js';

// Platform services, with Node's implementations (`@ratchet/host` injects them; a host may give its own).
export { readFileText } from './sources/toml.js';
export {
  CloudFetchError,
  nodeFetch,
  type CloudFetch,
  type CloudRequest,
  type CloudResponse,
} from './sources/cloud-http.js';
export { execFileRunner, type CommandResult, type CommandRunner } from './sources/mdm.js';
export { systemHostname, type HostnameResolver } from './sources/hostname.js';
export {
  DECISION_SUBJECTS,
  decisionLogs,
  NO_DECISION_LOG,
  policyHash,
  type DecisionEvent,
  type DecisionLog,
  type DecisionRule,
  type DecisionSubject,
} from './decisions/decision-log.js';
