import { execFile } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from '@ratchet/test-utils';

/** A package of the repository that is published. */
export interface Publishable {
  readonly name: string;
  readonly dir: string;
  readonly manifest: Record<string, unknown> & {
    readonly dependencies?: Record<string, string>;
    readonly exports?: Record<string, unknown>;
    readonly peerDependencies?: Record<string, string>;
    readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
}

/** Every workspace package that is not private, in folder order. */
export function publishablePackages(): Publishable[] {
  const out: Publishable[] = [];
  for (const group of ['packages', 'plugins']) {
    for (const entry of readdirSync(join(repoRoot, group)).sort()) {
      const dir = join(repoRoot, group, entry);
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as Publishable['manifest'] & { name: string };
      if (manifest.private !== true) out.push({ name: manifest.name, dir, manifest });
    }
  }
  return out;
}

/** The environment for npm in a project outside the repository: none of the `npm_*` settings of the run that started the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** What a finished command printed. */
export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command to completion without blocking the test worker (a long synchronous wait starves vitest's own
 * messages); rejects with its output when it fails.
 */
export function run(command: string, args: readonly string[], cwd: string, env = cleanEnv()): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          reject(
            new Error(`${command} ${args.join(' ')} failed (${error.code ?? error.signal}):\n${stdout}\n${stderr}`),
          );
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Packs every package with `npm pack` into `dest`; the tarball path of each package by name. */
export async function packAll(packages: readonly Publishable[], dest: string): Promise<Map<string, string>> {
  const args = ['pack', '--ignore-scripts', '--json', '--pack-destination', dest];
  for (const p of packages) args.push('--workspace', p.name);
  const result = await run('npm', args, repoRoot);
  const packed = JSON.parse(result.stdout) as { name: string; filename: string }[];
  return new Map(packed.map((p) => [p.name, join(dest, p.filename)]));
}

/** Bytes taken by the files under `dir` (sizes as written, links not followed), leaving out nested `node_modules`. */
function packageBytes(dir: string, exclude: (path: string) => boolean): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (exclude(path)) continue;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') total += packageBytes(path, exclude);
    } else total += lstatSync(path).size;
  }
  return total;
}

/** Where Node would find package `name` when imported from `from` (a package folder). */
function locate(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The installed size of some packages with everything they pull in: their dependencies and required peers,
 * followed through `node_modules` as Node resolves them, each package folder counted once; paths (files or package
 * folders) for which `exclude` is true are left out.
 */
export function installedSize(
  projectDir: string,
  roots: readonly string[],
  exclude: (path: string) => boolean = () => false,
): { bytes: number; packages: Map<string, number> } {
  const packages = new Map<string, number>();
  const seen = new Set<string>();
  const queue = roots.map((name) => ({ name, from: projectDir }));
  let bytes = 0;
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    const dir = locate(name, from);
    if (dir === undefined) throw new Error(`${name} is not installed (needed from ${from})`);
    if (seen.has(dir) || exclude(dir)) continue;
    seen.add(dir);
    const size = packageBytes(dir, exclude);
    bytes += size;
    packages.set(name, (packages.get(name) ?? 0) + size);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Publishable['manifest'] & {
      optionalDependencies?: Record<string, string>;
    };
    const optionalPeers = manifest.peerDependenciesMeta ?? {};
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter((p) => optionalPeers[p]?.optional !== true);
    for (const dep of [...Object.keys(manifest.dependencies ?? {}), ...peers]) queue.push({ name: dep, from: dir });
    for (const dep of Object.keys(manifest.optionalDependencies ?? {}))
      if (locate(dep, dir) !== undefined) queue.push({ name: dep, from: dir });
  }
  return { bytes, packages };
}

/** The first fenced block of `lang` after the heading `heading` in a Markdown text. */
export function codeBlockAfter(markdown: string, heading: string, lang = 'ts'): string {
  const at = markdown.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no heading "${heading}"`);
  const fence = markdown.indexOf('\n```' + lang + '\n', at);
  if (fence < 0) throw new Error(`no \`\`\`${lang} block after "${heading}"`);
  const start = fence + lang.length + 5;
  return markdown.slice(start, markdown.indexOf('\n```', start) + 1);
}
