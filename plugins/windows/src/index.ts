export { windowsProvider, type WindowsSettings } from './provider.js';
export { WINDOWS_SANDBOXES, fallbackOf, type WindowsSandbox } from './implementations.js';
export { UNSATISFIABLE, type DesktopPin, type WindowsRequirement, type WindowsTable } from './requirement.js';
export * from './keys.js';
