export { editConfig, type EditOptions, type EditResult } from './edit-config.js';
export { applyEdits } from './apply.js';
export { renderValue, unwritable } from './render.js';
