import { APPROVALS_PROVIDER } from './keys.js';
import {
  createProvider,
  expectArray,
  expectString,
  pickAllowed,
  type Decision,
  type Diagnostic,
  type Requested,
  type Reporter,
  type Table,
} from '@ratchet/core';
import {
  intersect,
  listed,
  parseApprovalPolicy,
  parseUserApprovalPolicy,
  parseReviewer,
  REVIEWER_ALIASES,
  type ApprovalPolicy,
  type Reviewer,
} from './policy.js';
import { approvalsSchema, policySchema, reviewerSchema } from './schema.js';

/** What requirements say about approvals; unset fields leave the user free. */
export interface ApprovalsRequirement {
  readonly allowed_approval_policies?: readonly ApprovalPolicy[];
  readonly allowed_approvals_reviewers?: readonly Reviewer[];
  /** The managed review-policy texts every layer accepts (one per layer; layers that disagree leave none). */
  readonly guardian_policy_config?: readonly string[];
}

/** The approval settings a user configures. */
export interface ApprovalsSettings {
  readonly approval_policy: ApprovalPolicy;
  readonly approvals_reviewer: Reviewer;
  /** The automatic-review policy text; users set it as `[auto_review].policy`. */
  readonly guardian_policy_config: string | undefined;
}

function parseList<T>(
  raw: unknown,
  key: string,
  report: Reporter,
  item: (v: unknown, k: string, r: Reporter) => T | undefined,
) {
  const list = expectArray(raw, key, report);
  if (!list) return undefined;
  const out = list.map((v, i) => item(v, `${key}[${i}]`, report));
  return out.every((v) => v !== undefined) ? (out as T[]) : undefined;
}

function requireNonEmpty(
  list: readonly unknown[] | undefined,
  field: string,
  sources: number,
  report: Reporter,
  fix: string,
) {
  if (list === undefined || list.length > 0) return;
  const why = sources > 1 ? ' (the layers that set it have no value in common)' : '';
  report({
    severity: 'error',
    kind: 'invalid-value',
    key: field,
    message: `field \`${field}\` cannot be empty${why}`,
    suggestion: fix,
  });
}

/** The approvals provider: allowed approval policies and reviewers, and the managed review policy. */
export function approvalsProvider() {
  return createProvider({
    key: APPROVALS_PROVIDER,
    docs: {
      summary: 'Constrains approval_policy and approvals_reviewer, and supplies the managed automatic-review policy.',
      description:
        'allowed_approval_policies and allowed_approvals_reviewers list what users may choose; a disallowed explicit ' +
        'choice falls back to the first listed entry with a warning, a disallowed default falls back quietly. ' +
        "guardian_policy_config (trimmed; blank counts as unset) replaces the user's [auto_review].policy.",
    },
    requirementKeys: ['allowed_approval_policies', 'allowed_approvals_reviewers', 'guardian_policy_config'],
    fields: {
      allowed_approval_policies: { docs: 'Approval policies users may select; the first is the fallback.' },
      allowed_approvals_reviewers: { docs: 'Reviewers users may select; the first is the fallback.' },
      guardian_policy_config: { docs: 'Managed automatic-review policy text.' },
    },
    settings: {
      approval_policy: {
        configKey: 'approval_policy',
        docs: 'When the agent asks before acting.',
        constrainedBy: ['allowed_approval_policies'],
        parse: parseUserApprovalPolicy,
        schema: policySchema,
      },
      approvals_reviewer: {
        configKey: 'approvals_reviewer',
        docs: 'Who reviews approval requests.',
        constrainedBy: ['allowed_approvals_reviewers'],
        parse: parseReviewer,
        schema: reviewerSchema,
      },
      guardian_policy_config: {
        configKey: 'auto_review.policy',
        docs: 'Tenant-specific section of the automatic-review policy (trimmed; blank counts as unset, as the managed text).',
        constrainedBy: ['guardian_policy_config'],
        parse: (raw, key, report) => expectString(raw, key, report)?.trim() || undefined,
      },
    },
    schema: approvalsSchema,
    parse(slice, { report }) {
      const out: { -readonly [K in keyof ApprovalsRequirement]: ApprovalsRequirement[K] } = {};
      if (slice.allowed_approval_policies !== undefined) {
        out.allowed_approval_policies = parseList(
          slice.allowed_approval_policies,
          'allowed_approval_policies',
          report,
          parseApprovalPolicy,
        );
      }
      if (slice.allowed_approvals_reviewers !== undefined) {
        out.allowed_approvals_reviewers = parseList(
          slice.allowed_approvals_reviewers,
          'allowed_approvals_reviewers',
          report,
          parseReviewer,
        );
      }
      if (slice.guardian_policy_config !== undefined) {
        const text = expectString(slice.guardian_policy_config, 'guardian_policy_config', report)?.trim();
        if (text) out.guardian_policy_config = [text];
      }
      return out;
    },
    validate({ value, origins }, report) {
      requireNonEmpty(
        value.allowed_approval_policies,
        'allowed_approval_policies',
        origins.allowed_approval_policies?.length ?? 0,
        report,
        'list at least one approval policy, e.g. ["on-request"]',
      );
      requireNonEmpty(
        value.allowed_approvals_reviewers,
        'allowed_approvals_reviewers',
        origins.allowed_approvals_reviewers?.length ?? 0,
        report,
        'list at least one reviewer: "user" or "auto_review"',
      );
      if (value.guardian_policy_config?.length === 0) {
        report({
          severity: 'error',
          kind: 'conflict',
          key: 'guardian_policy_config',
          message: 'layers require different guardian_policy_config texts',
          suggestion: 'set guardian_policy_config in one layer only',
        });
      }
    },
    tighten(a, b) {
      const meet = <T>(x: readonly T[] | undefined, y: readonly T[] | undefined) =>
        x === undefined ? y : y === undefined ? x : intersect(x, y);
      const out: { -readonly [K in keyof ApprovalsRequirement]: ApprovalsRequirement[K] } = {};
      const policies = meet(a.allowed_approval_policies, b.allowed_approval_policies);
      const reviewers = meet(a.allowed_approvals_reviewers, b.allowed_approvals_reviewers);
      const guardian = meet(a.guardian_policy_config, b.guardian_policy_config);
      if (policies) out.allowed_approval_policies = policies;
      if (reviewers) out.allowed_approvals_reviewers = reviewers;
      if (guardian) out.guardian_policy_config = guardian;
      return out;
    },
    allows(r, v) {
      const ok = <T>(list: readonly T[] | undefined, value: T | undefined) =>
        list === undefined || value === undefined || listed(list, value);
      return (
        ok(r.allowed_approval_policies, v.approval_policy) &&
        ok(r.allowed_approvals_reviewers, v.approvals_reviewer) &&
        ok(r.guardian_policy_config, v.guardian_policy_config)
      );
    },
    normalize(v) {
      const given = v.approvals_reviewer;
      const reviewer = given !== undefined && Object.hasOwn(REVIEWER_ALIASES, given) ? REVIEWER_ALIASES[given] : given;
      return reviewer === v.approvals_reviewer ? v : { ...v, approvals_reviewer: reviewer };
    },
    resolve({ requirement: { value: r, origins }, requested }) {
      const diagnostics: Diagnostic[] = [];
      const pickFirst = <T>(
        key: 'approval_policy' | 'approvals_reviewer',
        asked: Requested<T> | undefined,
        field: keyof ApprovalsRequirement,
        list: readonly T[] | undefined,
        defaultValue: T,
      ): Decision<T> => {
        const picked = pickAllowed<T>({
          provider: 'approvals',
          key,
          requested: asked,
          defaultValue,
          field: list ? field : undefined,
          fieldValue: list,
          sources: origins[field] ?? [],
          allowed: (value) => listed(list ?? [], value),
          fallback: () => ({ value: list![0]!, rule: `first entry of ${field}` }),
        });
        diagnostics.push(...picked.diagnostics);
        return picked.decision;
      };
      const managed = r.guardian_policy_config?.[0];
      const asked = requested.guardian_policy_config;
      let guardian: Decision<string | undefined>;
      if (managed !== undefined) {
        guardian = {
          value: managed,
          rule: 'managed guardian_policy_config replaces [auto_review].policy',
          constrainedBy: ['guardian_policy_config'],
        };
        if (asked && asked.value !== managed) {
          diagnostics.push({
            kind: 'disallowed-value',
            severity: 'info',
            source: asked.origin.source,
            key: 'guardian_policy_config',
            provider: 'approvals',
            message: `${asked.origin.key} is replaced by the managed guardian_policy_config`,
          });
        }
      } else {
        guardian = { value: asked?.value, rule: asked ? 'requested value' : 'no policy text set' };
      }
      return {
        values: {
          approval_policy: pickFirst(
            'approval_policy',
            requested.approval_policy,
            'allowed_approval_policies',
            r.allowed_approval_policies,
            'on-request',
          ),
          approvals_reviewer: pickFirst(
            'approvals_reviewer',
            requested.approvals_reviewer,
            'allowed_approvals_reviewers',
            r.allowed_approvals_reviewers,
            'user',
          ),
          guardian_policy_config: guardian,
        },
        diagnostics,
      };
    },
    print(r) {
      const out: Record<string, unknown> = {};
      if (r.allowed_approval_policies) out.allowed_approval_policies = [...r.allowed_approval_policies];
      if (r.allowed_approvals_reviewers) out.allowed_approvals_reviewers = [...r.allowed_approvals_reviewers];
      if (r.guardian_policy_config?.[0] !== undefined) out.guardian_policy_config = r.guardian_policy_config[0];
      return out;
    },
    fromManagedConfig(managed: Table, report: Reporter) {
      const out: Record<string, unknown> = {};
      const policy =
        managed.approval_policy === undefined
          ? undefined
          : parseApprovalPolicy(managed.approval_policy, 'approval_policy', report);
      if (policy !== undefined) out.allowed_approval_policies = [policy];
      const reviewer =
        managed.approvals_reviewer === undefined
          ? undefined
          : parseReviewer(managed.approvals_reviewer, 'approvals_reviewer', report);
      if (reviewer !== undefined)
        out.allowed_approvals_reviewers = reviewer === 'auto_review' ? ['auto_review', 'user'] : [reviewer];
      return out;
    },
  });
}
