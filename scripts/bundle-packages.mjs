// Bundles each package's entries (its `exports`) into one self-contained ES module per entry in dist/bundle, made by
// esbuild from tsc's output: a host that imports the installed packages unbundled loads one module per package entry
// instead of dozens. Entries share no chunks: a package's other entries (`./keys`, `./arbitraries`, `./vitest`) hold
// only values and pure functions, so the copy each carries of what it uses is harmless. Other packages
// (`@ratchet/core` included) stay imports, so core's state is shared by every plugin; the libraries in INLINED are
// copied in, tree-shaken, with their licence.
// Usage: node scripts/bundle-packages.mjs [PACKAGE_DIR]... (default: every package but the command's own).
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const builtinRequire = createRequire(import.meta.url);

/** Libraries copied into the bundles that use them (build-time dependencies there): only what is used is loaded. */
const INLINED = new Set(['smol-toml']);

/**
 * Node's built-in modules are taken with `process.getBuiltinModule`: importing one as an ES module makes Node build a
 * facade of all its exports first, which loads what they reach (`node:fs` loads its promises, streams and readline;
 * `node:crypto` loads WebCrypto), a few milliseconds at every start. Each import becomes a read of the one property
 * it names (the built-in's data properties, listed here at build time; unused ones are dropped).
 */
const builtinModules = {
  name: 'builtin-modules',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, ({ path }) => ({ path, namespace: 'builtin' }));
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => {
      const mod = builtinRequire(path);
      const names = Object.keys(mod).filter(
        (name) => /^[A-Za-z_$][\w$]*$/.test(name) && 'value' in Object.getOwnPropertyDescriptor(mod, name),
      );
      const lines = [`const m = process.getBuiltinModule(${JSON.stringify(path)});`, 'export default m;'];
      for (const name of names) lines.push(`export const ${name} = /* @__PURE__ */ (() => m.${name})();`);
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * A JSON module (the feature catalogue's data) becomes `JSON.parse` of its text: V8 reads JSON faster than the same
 * data written as an object literal.
 */
const jsonModules = {
  name: 'json-modules',
  setup(build) {
    build.onLoad({ filter: /\.json$/ }, ({ path }) => {
      const text = JSON.stringify(JSON.parse(readFileSync(path, 'utf8')));
      return { contents: `export default JSON.parse(${JSON.stringify(text)});`, loader: 'js' };
    });
  },
};

/**
 * Another plugin's typed keys (`@ratchet/plugin-x/keys`): frozen values read by value, never by identity, so a copy
 * is the same key, and copying them saves a module load each.
 */
const KEYS = /^@ratchet\/plugin-[a-z-]+\/keys$/;

/** Where package `name` is installed, in the node_modules folders Node would look through from `from`. */
function installedDir(name, from) {
  const folders = createRequire(join(from, 'index.js')).resolve.paths(name) ?? [];
  const found = folders.map((folder) => join(folder, name)).find((dir) => existsSync(join(dir, 'package.json')));
  if (found === undefined) throw new Error(`${name} is not installed (looked from ${from})`);
  return found;
}

/** Keeps every other package an import (esbuild's `packages: 'external'`), but for INLINED and KEYS. */
const externalPackages = {
  name: 'external-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path, resolveDir }) => {
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0];
      // From tsc's output: the other plugin's bundles may not be built yet (packages are bundled one by one).
      if (KEYS.test(path)) return { path: join(installedDir(name, resolveDir), 'dist/keys.js') };
      return INLINED.has(name) ? undefined : { path, external: true };
    });
  },
};

/** `./dist/bundle/NAME.js` export targets of a package, by entry name. */
function entries(dir) {
  const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const found = {};
  for (const target of Object.values(exports ?? {})) {
    const file = typeof target === 'object' ? target.default : undefined;
    const match = /^\.\/dist\/bundle\/(.+)\.js$/.exec(file ?? '');
    if (match) found[match[1]] = join(resolve(dir), 'dist', `${match[1]}.js`);
  }
  return found;
}

/**
 * A dynamic `import()` of another entry's module stays an import of that entry's bundle, loaded on first use (the
 * command question loads the `.rules` reader so), instead of being copied in.
 */
const lazyEntries = (entryPoints) => ({
  name: 'lazy-entries',
  setup(build) {
    const byFile = new Map(Object.entries(entryPoints).map(([name, file]) => [file, name]));
    build.onResolve({ filter: /^\./ }, ({ path, resolveDir, kind }) => {
      if (kind !== 'dynamic-import') return undefined;
      const name = byFile.get(join(resolveDir, path));
      return name === undefined ? undefined : { path: `./${name}.js`, external: true };
    });
  },
});

export async function bundlePackage(dir) {
  const entryPoints = entries(dir);
  if (Object.keys(entryPoints).length === 0) return;
  const outdir = join(dir, 'dist', 'bundle');
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [builtinModules, jsonModules, externalPackages, lazyEntries(entryPoints)],
    // Less text for Node to read and parse; names are kept (no identifier minification), so stacks stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // The inlined libraries' licence headers, once each, at the end of the module.
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

const dirs =
  process.argv.length > 2
    ? process.argv.slice(2)
    : ['packages', 'plugins'].flatMap((group) => readdirSync(join(root, group)).map((name) => join(root, group, name)));
for (const dir of dirs) await bundlePackage(dir);
