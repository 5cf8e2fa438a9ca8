export {
  filesystemProvider,
  type FilesystemOptions,
  type FilesystemRequirement,
  type FilesystemSettings,
} from './provider.js';
export { denyReadGate, physicalPath, readGate, type ReadGateOptions, type ReadVerdict } from './gate.js';
export { isGlob, normalizeEntry } from './entries.js';
export * from './keys.js';
