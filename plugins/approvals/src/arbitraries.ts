import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { ApprovalPolicy, GranularApproval, Reviewer } from './policy.js';
import type { ApprovalsRequirement, ApprovalsSettings } from './provider.js';

const granular: fc.Arbitrary<ApprovalPolicy> = fc
  .record<GranularApproval>({
    sandbox_approval: fc.boolean(),
    rules: fc.boolean(),
    skill_approval: fc.boolean(),
    request_permissions: fc.boolean(),
    mcp_elicitations: fc.boolean(),
  })
  .map((g) => ({ granular: g }));

/** Any approval policy, named or granular. */
export const approvalPolicy: fc.Arbitrary<ApprovalPolicy> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom<ApprovalPolicy>('untrusted', 'on-request', 'never') },
  { weight: 1, arbitrary: granular },
);

export const reviewer: fc.Arbitrary<Reviewer> = fc.constantFrom<Reviewer>('user', 'auto_review');

const policyText = fc.constantFrom('Managed policy.', 'Review every push.', 'Strict review.');

/** Generators for the approvals provider's laws. */
export const approvalsArbitraries: LawArbitraries<ApprovalsRequirement, ApprovalsSettings> = {
  requirement: fc.record(
    {
      allowed_approval_policies: fc.array(approvalPolicy, { maxLength: 4 }),
      allowed_approvals_reviewers: fc.array(reviewer, { maxLength: 2 }),
      guardian_policy_config: policyText.map((t) => [t]),
      guardian_extra_policy: policyText,
    },
    { requiredKeys: [] },
  ),
  requested: fc.record(
    { approval_policy: approvalPolicy, approvals_reviewer: reviewer, guardian_policy_config: policyText },
    { requiredKeys: [] },
  ),
};
