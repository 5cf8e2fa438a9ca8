export { appsAllow, appsProvider, type AppsSettings } from './provider.js';
export { parseUserApps, type UserApp, type UserApps, type UserTool } from './config.js';
export {
  APPROVAL_MODES,
  conflictsOf,
  isConflict,
  layerApps,
  tightenApps,
  type AppRequirement,
  type Apps,
  type AppsRequirement,
  type ApprovalMode,
  type Conflict,
  type ResultSource,
  type ToolRequirement,
} from './requirement.js';
export * from './keys.js';
