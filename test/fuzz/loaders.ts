import { writeFileSync } from 'node:fs';
import {
  createEngine,
  InputError,
  loadUserConfig,
  parseOverride,
  parseTomlText,
  readTextFile,
  requirementsTextSource,
  rustRegex,
} from '@ratchet/core';
// Loaders inside core that its public surface does not name, fuzzed where they live; and the command's plugins.
import { verifyCache } from '../../packages/core/src/sources/cloud-cache.js';
import { selectCloudRequirements } from '../../packages/core/src/sources/cloud-payload.js';
import { decodeBase64Toml } from '../../packages/core/src/sources/payload.js';
import { builtinPlugins } from '../../packages/cli/src/host.js';
import { loadRulesFiles, RulesFileError } from '@ratchet/plugin-command-rules/rules-files';
import { readHooksFile } from '@ratchet/plugin-hooks';
import type { Workspace } from './harness.js';

/** A library loader under fuzzing: it must return, or throw only the errors it documents for bad input. */
export interface Loader {
  readonly name: string;
  run(bytes: Buffer, word: string, ws: Workspace): unknown;
  /** Errors that are the loader's documented answer to bad input. */
  readonly expected: (error: unknown) => boolean;
}

const inputError = (error: unknown) => error instanceof InputError;
const never = () => false;
const text = (bytes: Buffer) => bytes.toString('utf8');

export const LOADERS: readonly Loader[] = [
  { name: 'parseTomlText', run: (b) => parseTomlText(text(b), 'fuzz'), expected: never },
  {
    name: 'requirements: load and resolve',
    run: async (b) => {
      const engine = createEngine({
        providers: builtinPlugins(),
        sources: [requirementsTextSource(text(b), 'fuzz')],
      });
      const policy = await engine.load();
      return policy.resolve(loadUserConfig({ file: { text: text(b), name: 'fuzz-config' } }));
    },
    expected: inputError,
  },
  {
    name: 'loadUserConfig with overrides',
    run: (b, word) =>
      loadUserConfig({ file: { text: text(b), name: 'fuzz' }, overrides: [word, `${word}=${word}`], profile: word }),
    expected: inputError,
  },
  { name: 'decodeBase64Toml', run: (b) => decodeBase64Toml(b.toString('base64'), 'fuzz'), expected: never },
  { name: 'decodeBase64Toml (not base64)', run: (b) => decodeBase64Toml(text(b), 'fuzz'), expected: never },
  {
    name: 'loadRulesFiles',
    run: (b) => loadRulesFiles([{ path: 'fuzz.rules', text: text(b) }], { homedir: '/home/fuzz' }),
    expected: (error) => error instanceof RulesFileError,
  },
  {
    name: 'readHooksFile',
    run: (b, _w, ws) => {
      writeFileSync(ws.input, b);
      return readHooksFile(ws.input);
    },
    expected: never,
  },
  {
    name: 'readTextFile',
    run: (b, _w, ws) => {
      writeFileSync(ws.input, b);
      return readTextFile(ws.input);
    },
    expected: never,
  },
  {
    name: 'rustRegex',
    run: (b, word) => {
      for (const anchored of [false, true]) {
        const compiled = rustRegex(text(b).slice(0, 200) + word, { anchored });
        if (compiled.ok) compiled.regex.test(word.repeat(50));
      }
    },
    expected: never,
  },
  {
    name: 'verifyCache',
    run: (b, word) => verifyCache(b, 'fuzz', 'key', { endpoint: word, identity: word, now: 0 }),
    expected: never,
  },
  { name: 'selectCloudRequirements', run: (b) => selectCloudRequirements(text(b)), expected: never },
  { name: 'parseOverride', run: (_b, word) => parseOverride(word), expected: never },
];
