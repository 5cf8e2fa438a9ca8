// Packs every published package with `npm pack`, installs the tarballs into a fresh project outside the repository,
// and uses them there as a host would: the command on the examples, the README's embedding example as plain ESM and
// as TypeScript, and the package checks (publint, arethetypeswrong) a registry user relies on.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, writeAcmePlugin } from '@ratchet/test-utils';
import { cleanEnv, codeBlockAfter, installedSize, packAll, publishablePackages, run } from './project.js';

const packages = publishablePackages();
const work = mkdtempSync(join(tmpdir(), 'ratchet-pack-'));
const app = join(work, 'app');
let tarballs = new Map<string, string>();

/** Half of the 7.3 MB that core and the plugins took with their dependencies before they were made publishable. */
const INSTALL_BUDGET = 3.6 * 1024 * 1024;
/** Test libraries: none may reach a host through `dependencies`. */
const TEST_LIBRARIES = ['fast-check', 'vitest', '@ratchet/testkit'];

/** What the README's example prints, line by line as its comments say. */
const EMBEDDED_OUTPUT = ['sandbox_mode: read-only', 'false', 'prompt', 'false', 'true', ''].join('\n');

const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

/** A TypeScript project as a host on Node would set it up: nodenext, strict, and every library's types checked. */
const strictNodeNext = (files: readonly string[]) => ({
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    skipLibCheck: false,
    outDir: 'out',
    typeRoots: [join(repoRoot, 'node_modules/@types')],
    types: ['node'],
  },
  files,
});
const attw = join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js');

beforeAll(async () => {
  expect(relative(repoRoot, work).startsWith('..')).toBe(true);
  mkdirSync(join(work, 'tarballs'));
  tarballs = await packAll(packages, join(work, 'tarballs'));
  mkdirSync(app);
  const dependencies = Object.fromEntries(packages.map((p) => [p.name, `file:${tarballs.get(p.name)}`]));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'host-app', private: true, type: 'module', dependencies }, null, 2),
  );
  cpSync(join(repoRoot, 'examples'), join(app, 'examples'), { recursive: true });
  // Dependencies such as smol-toml come from npm's cache (filled by `npm ci`), or from the registry when missing.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('every published package', () => {
  it('is packed, one tarball each', () => {
    expect([...tarballs.keys()].sort()).toEqual(packages.map((p) => p.name).sort());
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s passes publint', async (_, p) => {
    const tarball = readFileSync(tarballs.get(p.name)!);
    const { messages, pkg } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      strict: true,
    });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`)).toEqual([]);
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s passes arethetypeswrong (ESM only)', async (_, p) => {
    // ESM-only packages: the node10 and require() resolutions are out of scope by design (the esm-only profile).
    // attw exits non-zero on any problem, and `run` then fails with its report. Subpaths that are files, not modules
    // (package.json, the shell grammar's .wasm), have no types to check.
    const files = Object.keys(p.manifest.exports ?? {}).filter((subpath) => /\.(json|wasm)$/.test(subpath));
    const exclude = files.length > 0 ? ['--exclude-entrypoints', ...files] : [];
    const args = [attw, tarballs.get(p.name)!, '--profile', 'esm-only', ...exclude];
    const { stdout } = await run(process.execPath, args, app);
    expect(stdout).toContain(p.name);
  });

  it.each(packages.map((p) => [p.name, p] as const))(
    '%s ships its license, a README and no test code',
    async (_, p) => {
      const listing = (await run('tar', ['-tzf', tarballs.get(p.name)!], work)).stdout.trim().split('\n');
      expect(listing).toEqual(expect.arrayContaining(['package/LICENSE', 'package/README.md', 'package/package.json']));
      expect(listing.filter((f) => /\.test\.|\.test-helper\.|\/src\//.test(f))).toEqual([]);
      // A declaration map is only useful next to the sources it points to: neither is shipped.
      expect(listing.filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(p.manifest).toMatchObject({ license: 'Apache-2.0' });
      // Only the host entry has a side effect: it installs the Reflect metadata API that tsyringe needs.
      expect(p.manifest.sideEffects).toEqual(p.name === '@ratchet/host' ? ['./dist/reflect.js'] : false);
      expect(p.manifest).toHaveProperty('repository.directory');
      // The testkit is the test library: fast-check is what it runs on.
      if (p.name !== '@ratchet/testkit')
        for (const name of TEST_LIBRARIES) expect(p.manifest.dependencies ?? {}).not.toHaveProperty(name);
    },
  );
});

describe('the sources', () => {
  it('import tsyringe and reflect-metadata only in the host composition entry', () => {
    const importers: string[] = [];
    const scan = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['node_modules', 'dist', '.turbo'].includes(entry.name)) scan(path);
        } else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) {
          if (/(from|import) '(tsyringe|reflect-metadata)'/.test(readFileSync(path, 'utf8')))
            importers.push(relative(repoRoot, path));
        }
      }
    };
    for (const top of ['packages', 'plugins', 'test']) scan(join(repoRoot, top));
    expect(importers.filter((f) => !f.startsWith('packages/host/src/'))).toEqual([]);
    expect(importers).toEqual(expect.arrayContaining(['packages/host/src/host.ts', 'packages/host/src/reflect.ts']));
  });
});

describe('a host project with the tarballs installed', () => {
  it('keeps core, the host entry and every plugin within the install budget', () => {
    const roots = packages
      .map((p) => p.name)
      .filter((n) => n === '@ratchet/core' || n === '@ratchet/host' || n.startsWith('@ratchet/plugin-'));
    // Not counted: the shell grammar's runtime and its .wasm files (about 6 MB, loaded only for scripts that need them).
    const grammar = (path: string) => /[\\/]web-tree-sitter$|[\\/]tree-sitter-bash$|\.wasm$/.test(path);
    const { bytes, packages: sizes } = installedSize(app, roots, grammar);
    const table = [...sizes]
      .sort((a, b) => b[1] - a[1])
      .map(([n, s]) => `  ${(s / 1024).toFixed(0).padStart(6)} KB  ${n}`);
    console.log(
      `install size of ${roots.length} packages with everything they pull in: ${(bytes / 1024 / 1024).toFixed(2)} MB\n${table.join('\n')}`,
    );
    for (const name of TEST_LIBRARIES) expect(sizes.has(name)).toBe(false);
    expect(bytes).toBeLessThanOrEqual(INSTALL_BUDGET);
  });

  it('imports each entry from one bundled module, and every plugin shares the installed core', () => {
    for (const { name } of packages.filter((p) => p.name !== '@ratchet/cli')) {
      const dir = join(app, 'node_modules', name);
      const { exports } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        exports: Record<string, string | { default: string }>;
      };
      const bundles = Object.values(exports).flatMap((t) => (typeof t === 'object' ? [t.default] : []));
      expect(bundles.length, name).toBeGreaterThan(0);
      for (const file of bundles) expect(file, name).toMatch(/^\.\/dist\/bundle\/[\w-]+\.js$/);
      // One module per entry, nothing beside: an entry loads no chunk, and no built-in through an ES module facade.
      expect(readdirSync(join(dir, 'dist/bundle')).sort(), name).toEqual(
        bundles.map((f) => f.replace('./dist/bundle/', '')).sort(),
      );
      for (const file of bundles)
        expect(readFileSync(join(dir, file), 'utf8'), `${name} ${file}`).not.toMatch(/from\s*["']node:/);
      // Core is imported, never copied in: one copy of its module state (keys, error classes) for every package.
      const definesCoreError = readdirSync(join(dir, 'dist/bundle')).some((file) =>
        /\bclass RatchetError\b|\bRatchetError ?= ?class\b/.test(readFileSync(join(dir, 'dist/bundle', file), 'utf8')),
      );
      expect(definesCoreError, name).toBe(name === '@ratchet/core');
    }
  });

  it('runs `ratchet resolve` on the examples', async () => {
    const result = await run(
      join(app, 'node_modules/.bin/ratchet'),
      [
        'resolve',
        '--json',
        '--requirements',
        'examples/requirements.toml',
        '--config',
        'examples/config.toml',
        '--hostname',
        'laptop-042.corp.example.com',
      ],
      app,
      cleanEnv({ HOME: work, CODEX_HOME: work }),
    );
    const answer = JSON.parse(result.stdout) as { effective: Record<string, unknown> };
    expect(answer.effective).toMatchObject({
      approval_policy: 'on-request',
      sandbox_mode: 'read-only',
      web_search: 'cached',
    });
  });

  it('runs `ratchet check` on a script that needs the shell grammar, which the installed package loads', async () => {
    const result = await run(
      join(app, 'node_modules/.bin/ratchet'),
      [
        'check',
        '--requirements',
        'examples/requirements.toml',
        '--json',
        '--',
        'bash',
        '-lc',
        '(git push) > /dev/null',
      ],
      app,
      cleanEnv({ HOME: work, CODEX_HOME: work }),
    );
    const answer = JSON.parse(result.stdout) as { decision: string; opaque?: unknown[] };
    expect(answer.decision).toBe('prompt');
    expect(answer.opaque ?? []).toEqual([]);
  });

  it('loads a third-party plugin written here, and knows its key in validate and schema', async () => {
    writeAcmePlugin(app);
    writeFileSync(join(app, 'acme.toml'), 'acme_max_tabs = 3\n');
    const ratchet = join(app, 'node_modules/.bin/ratchet');
    const env = cleanEnv({ HOME: work, CODEX_HOME: work });
    const valid = await run(ratchet, ['validate', '--plugin', 'acme-ratchet-plugin', 'acme.toml'], app, env);
    expect(valid.stdout.trim()).toBe('acme.toml: ok');
    const schema = JSON.parse((await run(ratchet, ['schema', '--plugin', 'acme-ratchet-plugin'], app, env)).stdout) as {
      properties: Record<string, unknown>;
    };
    expect(schema.properties).toHaveProperty('acme_max_tabs');
    // Without the plugin the key is unknown: a warning that it is not enforced.
    expect((await run(ratchet, ['validate', 'acme.toml'], app, env)).stdout).toContain('not enforced');
  });

  it('importing the plain API leaves the global Reflect alone; the host entry is what installs its metadata API', async () => {
    const plugins = packages.map((p) => p.name).filter((n) => n.startsWith('@ratchet/plugin-'));
    const plain = [
      `import { createEngine, requirementsTextSource, loadUserConfig } from '@ratchet/core';`,
      ...plugins.map((name, i) => `import * as p${i} from '${name}';`),
      `const providers = [${plugins.map((_, i) => `Object.values(p${i}).find((f) => typeof f === 'function' && /Provider$/.test(f.name))()`).join(', ')}];`,
      `const policy = await createEngine({ providers, sources: [requirementsTextSource('allowed_sandbox_modes = ["read-only"]', 'r')], hostname: () => 'h' }).load();`,
      `policy.resolve(loadUserConfig({}));`,
      `console.log(providers.length, typeof Reflect.getMetadata);`,
    ].join('\n');
    expect((await run(process.execPath, ['--input-type=module', '-e', plain], app)).stdout.trim()).toBe(
      `${plugins.length} undefined`,
    );
    const host = `await import('@ratchet/host'); console.log(typeof Reflect.getMetadata);`;
    expect((await run(process.execPath, ['--input-type=module', '-e', host], app)).stdout.trim()).toBe('function');
  });

  it("type-checks and runs every package README's TypeScript example", async () => {
    const dir = join(app, 'readmes');
    mkdirSync(dir, { recursive: true });
    const examples = packages.flatMap((p) => {
      const readme = readFileSync(join(p.dir, 'README.md'), 'utf8');
      if (!readme.includes('\n```ts\n')) return [];
      const file = `${p.name.replace(/^@ratchet\//, '')}.ts`;
      writeFileSync(join(dir, file), codeBlockAfter(readme, '## Example'));
      return [file];
    });
    // Every package but the command (whose README shows shell commands) has one.
    expect(examples).toHaveLength(packages.length - 1);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(strictNodeNext(examples)));
    await run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
    for (const file of examples) {
      const { stdout } = await run(process.execPath, [join(dir, 'out', file.replace(/\.ts$/, '.js'))], app);
      expect(stdout, file).not.toBe('');
    }
    // A hang guard: one type-check and one run per package, which took over 120 s on the shared machine under load.
  }, 300_000);

  describe("the README's embedding example, unchanged", () => {
    const example = codeBlockAfter(readFileSync(join(repoRoot, 'README.md'), 'utf8'), '## Embedding Ratchet in a host');

    it('runs as plain ESM', async () => {
      writeFileSync(join(app, 'embed.mjs'), example);
      const result = await run(process.execPath, ['embed.mjs'], app, cleanEnv({ HOME: work }));
      expect(result.stdout).toBe(EMBEDDED_OUTPUT);
    });

    it('type-checks and runs as TypeScript (nodenext, skipLibCheck off)', async () => {
      const dir = join(app, 'ts');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'embed.ts'), example);
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(strictNodeNext(['embed.ts'])));
      await run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
      const result = await run(process.execPath, [join(dir, 'out/embed.js')], app, cleanEnv({ HOME: work }));
      expect(result.stdout).toBe(EMBEDDED_OUTPUT);
    });
  });
});
