// Packs every published package with `npm pack`, installs the tarballs into a fresh project outside the repository,
// and uses them there as a host would: the command on the examples, the README's embedding example as plain ESM and
// as TypeScript, and the package checks (publint, arethetypeswrong) a registry user relies on.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@ratchet/test-utils';
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
const attw = join(repoRoot, 'node_modules/@arethetypeswrong/cli/dist/index.js');

beforeAll(() => {
  expect(relative(repoRoot, work).startsWith('..')).toBe(true);
  mkdirSync(join(work, 'tarballs'));
  tarballs = packAll(packages, join(work, 'tarballs'));
  mkdirSync(app);
  const dependencies = Object.fromEntries(packages.map((p) => [p.name, `file:${tarballs.get(p.name)}`]));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'host-app', private: true, type: 'module', dependencies }, null, 2),
  );
  cpSync(join(repoRoot, 'examples'), join(app, 'examples'), { recursive: true });
  // Dependencies such as smol-toml come from npm's cache (filled by `npm ci`), or from the registry when missing.
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
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

  it.each(packages.map((p) => [p.name, p] as const))('%s passes arethetypeswrong (ESM only)', (_, p) => {
    // ESM-only packages: the node10 and require() resolutions are out of scope by design (the esm-only profile).
    const result = run(
      process.execPath,
      [attw, tarballs.get(p.name)!, '--profile', 'esm-only', '--format', 'ascii'],
      app,
    );
    expect(result.status).toBe(0);
  });

  it.each(packages.map((p) => [p.name, p] as const))('%s ships its license, a README and no test code', (_, p) => {
    const listing = run('tar', ['-tzf', tarballs.get(p.name)!], work)
      .stdout.trim()
      .split('\n');
    expect(listing).toEqual(expect.arrayContaining(['package/LICENSE', 'package/package.json']));
    expect(listing.filter((f) => /\.test\.|\.test-helper\.|\/src\//.test(f))).toEqual([]);
    // A declaration map is only useful next to the sources it points to: neither is shipped.
    expect(listing.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(p.manifest).toMatchObject({ license: 'Apache-2.0', sideEffects: false });
    expect(p.manifest).toHaveProperty('repository.directory');
    // The testkit is the test library: fast-check is what it runs on.
    if (p.name !== '@ratchet/testkit')
      for (const name of TEST_LIBRARIES) expect(p.manifest.dependencies ?? {}).not.toHaveProperty(name);
  });
});

describe('a host project with the tarballs installed', () => {
  it('keeps core, the host entry and every plugin within the install budget', () => {
    const roots = packages.map((p) => p.name).filter((n) => n === '@ratchet/core' || n.startsWith('@ratchet/plugin-'));
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

  it('runs `ratchet resolve` on the examples', () => {
    const result = run(
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

  describe("the README's embedding example, unchanged", () => {
    const example = codeBlockAfter(readFileSync(join(repoRoot, 'README.md'), 'utf8'), '## Embedding Ratchet in a host');

    it('runs as plain ESM', () => {
      writeFileSync(join(app, 'embed.mjs'), example);
      const result = run(process.execPath, ['embed.mjs'], app, cleanEnv({ HOME: work }));
      expect(result.stdout).toBe(EMBEDDED_OUTPUT);
    });

    it('type-checks and runs as TypeScript (nodenext, skipLibCheck off)', () => {
      const dir = join(app, 'ts');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'embed.ts'), example);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
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
          files: ['embed.ts'],
        }),
      );
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
      const result = run(process.execPath, [join(dir, 'out/embed.js')], app, cleanEnv({ HOME: work }));
      expect(result.stdout).toBe(EMBEDDED_OUTPUT);
    });
  });
});
