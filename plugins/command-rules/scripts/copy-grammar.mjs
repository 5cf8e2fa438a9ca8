// Copies the tree-sitter-bash grammar's WebAssembly file (from the tree-sitter-bash dev dependency) into assets/,
// the only part of that package the plugin ships. Runs at build time; a copy already in place is kept when the
// dev dependency is absent.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const assets = join(dirname(fileURLToPath(import.meta.url)), '..', 'assets');
const target = join(assets, 'tree-sitter-bash.wasm');
let source;
try {
  source = createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
} catch {
  if (existsSync(target)) process.exit(0);
  console.error(
    'command-rules: tree-sitter-bash is not installed and assets/tree-sitter-bash.wasm is missing; run npm ci',
  );
  process.exit(1);
}
mkdirSync(assets, { recursive: true });
copyFileSync(source, target);
