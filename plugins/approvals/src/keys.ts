import { outputKey, providerKey, settingKey } from '@ratchet/core';
import type { ApprovalsRequirement, ApprovalsSettings } from './provider.js';

/** The approvals provider's key: `policy.requirementOf(APPROVALS_PROVIDER)` is its combined requirement. */
export const APPROVALS_PROVIDER = providerKey<ApprovalsRequirement, ApprovalsSettings>('approvals');
/** The effective `approval_policy`. */
export const APPROVAL_POLICY = settingKey(APPROVALS_PROVIDER, 'approval_policy');
/** The effective `approvals_reviewer`. */
export const APPROVALS_REVIEWER = settingKey(APPROVALS_PROVIDER, 'approvals_reviewer');
/** The automatic-review policy text in force (the managed one when requirements give it). */
export const GUARDIAN_POLICY_CONFIG = settingKey(APPROVALS_PROVIDER, 'guardian_policy_config');
/** The managed extra instructions every automatic review follows, undefined when requirements give none. */
export const GUARDIAN_EXTRA_POLICY = outputKey<string>(APPROVALS_PROVIDER, 'guardian_extra_policy');
