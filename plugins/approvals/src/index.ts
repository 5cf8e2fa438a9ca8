export { approvalsProvider, type ApprovalsRequirement, type ApprovalsSettings } from './provider.js';
export type { ApprovalPolicy, GranularApproval, Reviewer } from './policy.js';
export * from './keys.js';
