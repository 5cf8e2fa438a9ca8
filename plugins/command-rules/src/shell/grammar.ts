import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { commandsOfTree } from './syntax.js';
import type { ScriptCommands } from './words.js';

/** Where the grammar's files are: by default the plugin's own `assets/tree-sitter-bash.wasm` and web-tree-sitter's runtime. */
export interface ShellGrammarFiles {
  /** The tree-sitter-bash grammar (`tree-sitter-bash.wasm`): a path or its bytes. */
  readonly grammar?: string | Uint8Array;
  /** web-tree-sitter's runtime (`tree-sitter.wasm`): a path or its bytes. */
  readonly runtime?: string | Uint8Array;
}

let parser: Parser | undefined;
let loading: Promise<void> | undefined;

// node:module is loaded with the grammar, not with every command that may never need it.
const createRequire = (from: string) => process.getBuiltinModule('node:module').createRequire(from);

/** The plugin's package folder, found by name so that it holds when this module is bundled into a command. */
function pluginRoot(): string {
  return dirname(createRequire(import.meta.url).resolve('@ratchet/plugin-command-rules/package.json'));
}

const bytes = (file: string | Uint8Array) => (typeof file === 'string' ? readFileSync(file) : file);

async function load(files: ShellGrammarFiles): Promise<void> {
  const root = pluginRoot();
  const fromPlugin = createRequire(join(root, 'package.json'));
  // web-tree-sitter's CommonJS build, required rather than imported: a command's CommonJS bundle runs from V8's code
  // cache, where a dynamic import() has no loader to call.
  const { Parser: TreeSitter, Language } = fromPlugin('web-tree-sitter') as typeof import('web-tree-sitter');
  const runtime = bytes(files.runtime ?? fromPlugin.resolve('web-tree-sitter/tree-sitter.wasm'));
  await TreeSitter.init({ wasmBinary: runtime });
  const language = await Language.load(bytes(files.grammar ?? join(root, 'assets', 'tree-sitter-bash.wasm')));
  const ready = new TreeSitter();
  ready.setLanguage(language);
  parser = ready;
}

/**
 * Loads the shell grammar (web-tree-sitter and tree-sitter-bash, both WebAssembly) once per process. Until it has
 * loaded, `CommandPolicy.check` answers a script that needs more than the fast reader with at least `prompt`;
 * `checkAsync` calls this itself when a script needs it. Rejects when the files cannot be read or do not fit.
 */
export function loadShellGrammar(files: ShellGrammarFiles = {}): Promise<void> {
  if (parser) return Promise.resolve();
  loading ??= load(files).catch((error: unknown) => {
    loading = undefined;
    throw new Error(`cannot load the shell grammar: ${(error as Error)?.message ?? String(error)}`);
  });
  return loading;
}

/** Whether the shell grammar has loaded (scripts of any syntax can then be read synchronously). */
export function shellGrammarLoaded(): boolean {
  return parser !== undefined;
}

/** The commands of a script read with the grammar, or undefined when the grammar has not loaded. */
export function parseWithGrammar(script: string): ScriptCommands | undefined {
  if (!parser) return undefined;
  const tree = parser.parse(script);
  if (!tree) return { commands: [], opaque: ['the shell grammar could not read the script'] };
  try {
    return commandsOfTree(tree.rootNode);
  } finally {
    tree.delete();
  }
}
