// Bundles the built command (dist/main.js and everything it imports) into dist/ratchet.mjs and a few chunks in
// dist/chunks: Node then reads a few modules instead of resolving and loading a hundred, which is most of the
// command's start-up. Splitting keeps what start-up evaluates small: `--help` reads the entry alone, a check answered
// from the compiled-rules cache reads the command-rules chunk, and only a full load reads every provider.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
for (const file of readdirSync(dist)) if (file.endsWith('.cache')) rmSync(join(dist, file));
/** One identity per build, which the compiled-rules cache keys its entries by (see src/check-cache.ts). */
const buildId = `${Date.now()}-${randomBytes(8).toString('hex')}`;
// The command bundles Ratchet's packages from their modules (tsc's output), not from their published bundles, so that
// each bundle of the command holds only the modules it uses.
const nodeModules = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'node_modules');
const ratchetModules = {
  name: 'ratchet-modules',
  setup(build) {
    build.onResolve({ filter: /^@ratchet\// }, ({ path }) => {
      const [scope, name, ...rest] = path.split('/');
      const manifest = join(nodeModules, scope, name, 'package.json');
      const target = JSON.parse(readFileSync(manifest, 'utf8')).exports?.[rest.length ? `./${rest.join('/')}` : '.'];
      const file = typeof target === 'object' ? target.default : undefined;
      if (typeof file !== 'string' || !file.startsWith('./dist/bundle/')) return undefined;
      return { path: join(dirname(manifest), 'dist', file.slice('./dist/bundle/'.length)) };
    });
  },
};
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // No keepNames: it wraps every function in a call that sets its name, at start-up and wherever a closure is made.
  legalComments: 'none',
  // Bundled CommonJS packages (tsyringe) still call require for Node's own modules.
  banner: {
    js: "import { createRequire as __ratchetRequire } from 'node:module'; const require = __ratchetRequire(import.meta.url);",
  },
  define: {
    RATCHET_BUILD_ID: JSON.stringify(buildId),
    RATCHET_VERSION: JSON.stringify(JSON.parse(readFileSync(join(dist, '..', 'package.json'), 'utf8')).version),
  },
  // re2js is required at run time, on the first Rust-syntax pattern (see core's rust-regex.ts), from the
  // command's own dependencies: most commands never parse its megabyte of code. The OpenTelemetry SDK is imported
  // only when OTEL_EXPORTER_OTLP_* variables ask for decision logs (src/decision-log.ts), from the same place.
  external: ['@opentelemetry/*'],
  logLevel: 'warning',
  plugins: [ratchetModules],
};
// The CommonJS bundles' first line names the build, which their V8 code caches are named by (see bin/ratchet.js);
// `import.meta.url` (where the shell grammar is found from) is the bundle's URL, made only when asked for.
const commonJsBanner = [
  `// ratchet build ${buildId}`,
  "'use strict'; const __ratchetImportMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
].join('\n');
// `ratchet check` answered from the compiled-rules cache: one CommonJS file with the command-rules checker and no
// provider, which the command's CommonJS bin runs without starting Node's ES module loader.
await build({
  ...common,
  entryPoints: [join(dist, 'commands/check-fast.js')],
  outfile: join(dist, 'check-fast.cjs'),
  format: 'cjs',
  define: { ...common.define, 'import.meta': '__ratchetImportMeta' },
  banner: { js: commonJsBanner },
});
// `ratchet --help`, `help [COMMAND]`, `COMMAND --help`: the command table and its help as one CommonJS file, which the
// launcher runs without starting Node's ES module loader. Commands' own modules stay outside it (never loaded
// for help).
const tableOnly = {
  name: 'table-only',
  setup(build) {
    build.onResolve({ filter: /^\.\/(dispatch\.js$|commands\/)/ }, ({ path }) => ({ path, external: true }));
  },
};
await build({
  ...common,
  entryPoints: [join(dist, 'main.js')],
  outfile: join(dist, 'help.cjs'),
  format: 'cjs',
  plugins: [ratchetModules, tableOnly],
  define: { ...common.define, 'import.meta': '__ratchetImportMeta' },
  banner: { js: commonJsBanner },
});
await build({
  ...common,
  entryPoints: { ratchet: join(dist, 'main.js') },
  outdir: dist,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
});
// The V8 code cache of the CommonJS bundles, taken after running what their answers run (scripts/code-cache.mjs).
execFileSync(process.execPath, [join(dist, '..', 'scripts', 'code-cache.mjs')], { stdio: 'inherit' });
