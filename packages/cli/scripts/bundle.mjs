// Bundles the built command (dist/main.js and everything it imports) into one file, dist/ratchet.mjs: Node then
// reads one module instead of resolving and loading a hundred, which is most of the command's start-up.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
await build({
  entryPoints: [join(dist, 'main.js')],
  outfile: join(dist, 'ratchet.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: 'none',
  // Bundled CommonJS packages (tsyringe) still call require for Node's own modules.
  banner: {
    js: "import { createRequire as __ratchetRequire } from 'node:module'; const require = __ratchetRequire(import.meta.url);",
  },
  // re2js is required at run time, on the first Rust-syntax pattern (see core's rust-regex.ts), from the
  // command's own dependencies: most commands never parse its megabyte of code. The OpenTelemetry SDK is imported
  // only when OTEL_EXPORTER_OTLP_* variables ask for decision logs (src/decision-log.ts), from the same place.
  external: ['@opentelemetry/*'],
  logLevel: 'warning',
});
