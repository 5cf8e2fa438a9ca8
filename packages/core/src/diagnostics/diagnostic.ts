import { abbreviate } from '../shape/values.js';

/** How serious a diagnostic is: `error` stops loading, `warning` is shown to the user, `info` is reported quietly. */
export type Severity = 'error' | 'warning' | 'info';

/** The kinds of problem that stop loading; each has its own Error subclass (see `errors.ts`) with a stable `code`. */
export const FATAL_KINDS = [
  'toml-syntax',
  'read-failed',
  'invalid-encoding',
  'too-large',
  'invalid-type',
  'unknown-value',
  'invalid-value',
  'missing-key',
  'unknown-key',
  'conflict',
  'disallowed-value',
] as const;

/** The kinds that only ever inform (a warning or a notice): a default replaced, a key deprecated or not enforced. */
export const NOTICE_KINDS = ['replaced-default', 'normalized-value', 'deprecated-key', 'not-enforced'] as const;

export type FatalKind = (typeof FATAL_KINDS)[number];
export type NoticeKind = (typeof NOTICE_KINDS)[number];
/** The stable kinds of problem Ratchet reports. */
export type DiagnosticKind = FatalKind | NoticeKind;

/**
 * How serious, and what kind: an error always has a fatal kind (so it maps to an Error subclass); a warning or a
 * notice may have any kind (an unknown key warns by default and stops loading when the host says so).
 */
export type Classified =
  | { readonly severity: 'error'; readonly kind: FatalKind }
  | { readonly severity: 'warning' | 'info'; readonly kind: DiagnosticKind };

/** What a provider reports: the key it is about, what happened and what to do; the source and provider are stamped on. */
export type Report = Classified & {
  /** Dotted key path (`allowed_sandbox_modes[1]`); absent when the problem is about the whole input. */
  readonly key?: string;
  readonly message: string;
  readonly suggestion?: string;
};

/** A problem or notice as data: where it came from, which key, what happened and what to do. */
export type Diagnostic = Report & {
  /** Display name of the file, payload or layer the problem is in. */
  readonly source?: string;
  /** Id of the provider that reported it. */
  readonly provider?: string;
};

/** Takes diagnostics for one source and key prefix; handed to providers while they parse, validate or resolve. */
export type Reporter = (report: Report) => void;

/** Collects diagnostics, stamping every entry with its source (fixed, or found from the key) and provider. */
export class DiagnosticBag {
  readonly items: Diagnostic[] = [];

  constructor(
    private readonly source?: string | ((key: string) => string | undefined),
    private readonly provider?: string,
  ) {}

  /** The bag as a Reporter (bound, so it can be handed on). */
  readonly report: Reporter = (report) => {
    const key = report.key ?? '';
    const source = typeof this.source === 'function' ? this.source(key) : this.source;
    const { key: _key, suggestion, ...rest } = report;
    this.items.push({
      ...rest,
      ...(source !== undefined && { source }),
      ...(key !== '' && { key }),
      ...(suggestion !== undefined && { suggestion }),
      ...(this.provider !== undefined && { provider: this.provider }),
    });
  };

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

/** One line a user can act on: `source: key: message (fix: suggestion)`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.source, d.key && abbreviate(d.key, 200)]
    .filter((part) => part !== undefined && part !== '')
    .join(': ');
  const fix = d.suggestion ? ` (fix: ${d.suggestion})` : '';
  return `${where ? `${where}: ` : ''}${d.message}${fix}`.replace(/\s*\n\s*/g, ' ');
}
