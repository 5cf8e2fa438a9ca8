/** The standard variables that send OpenTelemetry logs somewhere. */
export const OTLP_ENV = ['OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT'] as const;

/** Whether the environment asks for decisions to be sent as OpenTelemetry logs. */
export const otlpAsked = (env: Readonly<Record<string, string | undefined>>): boolean =>
  OTLP_ENV.some((name) => (env[name] ?? '') !== '');
