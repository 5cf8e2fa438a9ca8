// Bundles each package's entries (its `exports`) into one ES module per entry in dist/bundle, made by esbuild from
// tsc's output: a host that imports the installed packages unbundled then loads a few modules per package instead of
// dozens. Code shared by a package's entries goes into chunks of that package, so every entry shares one copy of its
// module state; other packages (`@ratchet/core` included) stay imports, so core's state is shared by every plugin.
// Usage: node scripts/bundle-packages.mjs [PACKAGE_DIR]... (default: every package but the command's own).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `./dist/bundle/NAME.js` export targets of a package, by entry name. */
function entries(dir) {
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const found = {};
  for (const target of Object.values(exports ?? {})) {
    const file = typeof target === 'object' ? target.default : undefined;
    const match = /^\.\/dist\/bundle\/(.+)\.js$/.exec(file ?? '');
    if (match) found[match[1]] = join(dir, 'dist', `${match[1]}.js`);
  }
  return found;
}

export async function bundlePackage(dir) {
  const entryPoints = entries(dir);
  if (Object.keys(entryPoints).length === 0) return;
  const outdir = join(dir, 'dist', 'bundle');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunk-[hash]',
    // Less text for Node to read and parse; names are kept (no identifier minification), so stacks stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

const dirs =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['packages', 'plugins'].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)));
for (const dir of dirs) await bundlePackage(dir);
