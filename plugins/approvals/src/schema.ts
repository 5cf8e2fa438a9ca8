import type { JsonSchema } from '@ratchet/core';
import { NAMED_POLICIES, REVIEWER_ALIASES, REVIEWERS } from './policy.js';

const granular = {
  type: 'object',
  required: ['granular'],
  additionalProperties: false,
  properties: {
    granular: {
      type: 'object',
      required: ['sandbox_approval', 'rules', 'mcp_elicitations'],
      properties: {
        sandbox_approval: { type: 'boolean' },
        rules: { type: 'boolean' },
        skill_approval: { type: 'boolean' },
        request_permissions: { type: 'boolean' },
        mcp_elicitations: { type: 'boolean' },
      },
    },
  },
};

/** An approval policy: a name or a granular table (config.toml's `approval_policy`, an allowed policy). */
export const policySchema = { oneOf: [{ enum: [...NAMED_POLICIES] }, granular] };
/** A reviewer, older spellings included. */
export const reviewerSchema = { enum: [...REVIEWERS, ...Object.keys(REVIEWER_ALIASES)] };

/** JSON Schema of the approvals provider's requirement keys. */
export const approvalsSchema: JsonSchema = {
  properties: {
    allowed_approval_policies: {
      description: 'Approval policies users may select; the first entry is the fallback. Must not be empty.',
      type: 'array',
      minItems: 1,
      items: policySchema,
    },
    allowed_approvals_reviewers: {
      description: 'Reviewers users may select; the first entry is the fallback. Must not be empty.',
      type: 'array',
      minItems: 1,
      items: reviewerSchema,
    },
    guardian_policy_config: {
      description: 'Replaces the tenant-specific section of the automatic-review policy; blank counts as unset.',
      type: 'string',
    },
  },
};
