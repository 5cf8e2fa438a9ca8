import { bool, int, listOf, mapOf, oneOf, str, struct, variant, type Shape } from './shape.js';

/** `allow | deny`, as Codex's `AllowDenyRequirementToml`; `deny` restricts more. */
const access = oneOf(['allow', 'deny'], 'deny');

/** Codex's `ReasoningEffort` spellings. */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;

/** Codex's `MarketplaceAllowedSourceKind` spellings. */
export const MARKETPLACE_SOURCES = ['git', 'host_pattern', 'local'] as const;

/** `[computer_use]`: Codex's `ComputerUseRequirementsToml` (unknown fields are ignored). */
export const COMPUTER_USE: Shape = struct({
  allow_locked_computer_use: bool('and'),
  allow_persistent_approval: bool('and'),
  default_app_access: access,
  macos: struct({ bundle_ids: mapOf(access) }),
  windows: struct({
    aumids: mapOf(access),
    exes: listOf(
      struct(
        { publisher_name: str, product_name: str, binary_name: str, access },
        { required: ['publisher_name', 'product_name', 'access'] },
      ),
    ),
  }),
});

/** One origin's policy in `[browser_use]`: Codex's `BrowserUseOriginPolicyToml`. */
const ORIGIN_POLICY: Shape = struct({
  access,
  downloads: access,
  uploads: access,
  full_cdp_access: access,
  auto_review: oneOf(['allow', 'deny']),
  persistent_approval: bool('and'),
  access_approval_lifetime: oneOf(['turn', 'thread'], 'turn'),
});

/** `[browser_use]`: Codex's `BrowserUseRequirementsToml` (unknown fields are ignored). */
export const BROWSER_USE: Shape = struct({
  allow_history_access: bool('and'),
  disable_auto_review: bool(),
  allow_global_persistent_approval: bool('and'),
  default_origin_policy: ORIGIN_POLICY,
  origins: mapOf(ORIGIN_POLICY),
});

/** `[in_app_browser]`: Codex's `InAppBrowserRequirementsToml`. */
export const IN_APP_BROWSER: Shape = struct({ allow_external_browser_settings_import: bool('and') });

/** One `[marketplaces.allowed_sources.<name>]`: Codex's `MarketplaceAllowedSourceToml`, unknown fields rejected. */
export const ALLOWED_SOURCE: Shape = struct(
  { source: oneOf(MARKETPLACE_SOURCES), url: str, ref: str, host_pattern: str, path: str },
  { denyUnknown: true },
);

/** `[marketplaces]`: Codex's `MarketplaceRequirementsToml`, unknown fields rejected. */
export const MARKETPLACES: Shape = struct(
  { restrict_to_allowed_sources: bool('or'), allowed_sources: mapOf(ALLOWED_SOURCE) },
  { denyUnknown: true },
);

/** `[models]`: Codex's `ModelsRequirementsToml` with its `new_thread` defaults. */
export const MODELS: Shape = struct({
  new_thread: struct({ model: str, model_reasoning_effort: oneOf(REASONING_EFFORTS), service_tier: str }),
});

/** `[auto_review]`: Codex's `AutoReviewRequirementsToml`. */
export const AUTO_REVIEW: Shape = struct({ required_on_models: listOf(str), ignore_rules: listOf(str) });

/** `[feedback]`: Codex's `FeedbackConfigToml`. */
export const FEEDBACK: Shape = struct({ enabled: bool() });

/** One allowed marketplace source as parsed. */
export interface AllowedSource {
  readonly source?: (typeof MARKETPLACE_SOURCES)[number];
  readonly url?: string;
  readonly ref?: string;
  readonly host_pattern?: string;
  readonly path?: string;
}

/** `[marketplaces]` as parsed. */
export interface MarketplacesTable {
  readonly restrict_to_allowed_sources?: boolean;
  readonly allowed_sources?: Readonly<Record<string, AllowedSource>>;
}

/** `[models]` as parsed. */
export interface ModelsTable {
  readonly new_thread?: {
    readonly model?: string;
    readonly model_reasoning_effort?: (typeof REASONING_EFFORTS)[number];
    readonly service_tier?: string;
  };
}

/** An OpenTelemetry exporter: Codex's `OtelExporterKind` (`none`, `statsig`, or an `otlp-http`/`otlp-grpc` table). */
const EXPORTER = variant(['none', 'statsig'], ['otlp-http', 'otlp-grpc']);

/** `[otel]`: Codex 0.171's `OtelRequirementsToml`; unknown fields are refused. */
export const OTEL: Shape = struct(
  {
    headers_helper: str,
    headers_helper_refresh_interval_ms: int(1),
    tool_result: struct({ max_bytes: int(0) }),
    log_sse_deltas: bool(),
    log_user_prompt: bool(),
    log_agent_responses: bool(),
    log_guardian_assessments: bool(),
    environment: str,
    exporter: EXPORTER,
    trace_exporter: EXPORTER,
    metrics_exporter: EXPORTER,
    span_attributes: mapOf(str),
    tracestate: mapOf(str),
  },
  { denyUnknown: true },
);

/** `[otel]` fields Codex reads only from local requirements (a cloud layer cannot run a program on the machine). */
export const OTEL_LOCAL_ONLY = ['headers_helper', 'headers_helper_refresh_interval_ms'] as const;
