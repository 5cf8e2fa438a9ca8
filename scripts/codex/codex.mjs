// Asks a real Codex binary (CODEX_BIN) what it makes of an input. Development only: nothing in the packages
// depends on Codex. Install it in a temporary folder, never as a dependency of this repository:
//   mkdir -p /tmp/codex171 && cd /tmp/codex171 && npm init -y && npm install @openai/codex@0.171.0
//   export CODEX_BIN=$(ls /tmp/codex171/node_modules/@openai/codex-linux-x64/vendor/*/bin/codex)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The Codex binary named by CODEX_BIN, or undefined when none is given. */
export function codexBin(env = process.env) {
  const bin = env.CODEX_BIN;
  return bin && bin.trim() !== '' ? bin : undefined;
}

/** `codex --version`'s first line (`codex-cli 0.171.0`). */
export function codexVersion(bin) {
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
}

/** A private CODEX_HOME (and HOME) holding `config`, removed after `fn`. */
function withHome(config, fn) {
  const root = mkdtempSync(join(tmpdir(), 'codex-ask-'));
  try {
    const home = join(root, 'home');
    mkdirSync(join(home, '.codex'), { recursive: true });
    mkdirSync(join(root, 'proj'));
    if (config !== undefined) writeFileSync(join(home, '.codex', 'config.toml'), config);
    return fn({ root, home, codexHome: join(home, '.codex'), cwd: join(root, 'proj') });
  } finally {
    // Codex's helpers may still be writing in CODEX_HOME for a moment after it exits.
    try {
      rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // A leftover temporary folder is harmless.
    }
  }
}

const homeEnv = (dirs) => ({ ...process.env, CODEX_HOME: dirs.codexHome, HOME: dirs.home, RUST_BACKTRACE: '0' });

/**
 * `codex execpolicy check --rules FILE... --resolve-host-executables COMMAND...`: `{ decision, matched }` (decision `none` when no rule
 * matched), or `{ error }` with the first lines of Codex's message when the rules do not load.
 */
export function execpolicyCheck(bin, rulesTexts, command) {
  return withHome(undefined, (dirs) => {
    const files = rulesTexts.map((text, i) => {
      const file = join(dirs.root, `user-${i}.rules`);
      writeFileSync(file, text);
      return file;
    });
    // Resolving host executables as Codex's session does: an absolute path falls back to its basename's rules.
    const args = [
      'execpolicy',
      'check',
      ...files.flatMap((f) => ['--rules', f]),
      '--resolve-host-executables',
      ...command,
    ];
    const r = spawnSync(bin, args, { encoding: 'utf8', env: homeEnv(dirs), cwd: dirs.cwd, timeout: 60_000 });
    if (r.status === 0) {
      const out = JSON.parse(r.stdout);
      return { decision: out.decision ?? 'none', matched: out.matchedRules ?? [] };
    }
    const message = (r.stderr || r.stdout || String(r.error ?? ''))
      .split('\n')
      .filter((line) => line.trim() !== '' && !/^\s+\d+: /.test(line) && !/^Stack backtrace|PATH aliases/.test(line))
      .map((line) => line.replaceAll(dirs.root, '<dir>'))
      .slice(0, 60)
      .join('\n');
    return { error: message || `exit ${r.status}` };
  });
}

/** `codex features list [ARGS]` with `config` as the user's config.toml: feature → enabled, or `{ error }`. */
export function featuresList(bin, args = [], config = '') {
  return withHome(config, (dirs) => {
    const r = spawnSync(bin, ['features', 'list', ...args], { encoding: 'utf8', env: homeEnv(dirs), cwd: dirs.cwd });
    if (r.status !== 0) {
      const lines = r.stderr.split('\n').filter((l) => l.trim() && !/PATH aliases|^Stack backtrace|^\s+\d+: /.test(l));
      return { error: lines.join(' ').replace(/\s+/g, ' ').trim() };
    }
    const map = new Map();
    for (const line of r.stdout.split('\n')) {
      const m = /^(\S+)\s+.*\s(true|false)\s*$/.exec(line);
      if (m) map.set(m[1], m[2] === 'true');
    }
    return { map };
  });
}

/**
 * Codex's app-server on a requirements file and a user config.toml: `{ startup, rpc }` where `startup` is
 * `--print-startup-config`'s answer (the parsed requirements or the load error) and `rpc` the answers of
 * config/read, configRequirements/read, hooks/list, experimentalFeature/list and thread/start, with the
 * warnings Codex sent. With requirements the system file is replaced in a private mount namespace (an overlay
 * on /etc, so nothing is written there), which needs root; without requirements no namespace is used.
 */
export function appServer(bin, { requirements, config = '' } = {}) {
  return withHome(config, (dirs) => {
    const env = { ...homeEnv(dirs), CODEX_BIN: bin, CASE_CWD: dirs.cwd };
    const session = join(here, 'appserver-session.mjs');
    const inner = `"$CODEX_BIN" app-server --print-startup-config > "$OUT/startup.json" 2> "$OUT/startup.err"; cd "$CASE_CWD" && node "${session}" > "$OUT/rpc.json"`;
    const out = join(dirs.root, 'out');
    mkdirSync(out);
    let r;
    if (requirements === undefined) {
      r = spawnSync('sh', ['-c', inner], { env: { ...env, OUT: out }, encoding: 'utf8', timeout: 120_000 });
    } else {
      const layer = join(dirs.root, 'layer');
      mkdirSync(join(layer, 'codex'), { recursive: true });
      writeFileSync(join(layer, 'codex', 'requirements.toml'), requirements);
      const script = `mount -t overlay overlay -o "lowerdir=${layer}:/etc" /etc || exit 9; ${inner}`;
      r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
        env: { ...env, OUT: out },
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (r.status === 9 || r.error)
        throw new Error(`cannot lay requirements over /etc (needs root, unshare and overlayfs): ${r.stderr}`);
    }
    const read = (name) => {
      try {
        return readFileSync(join(out, name), 'utf8');
      } catch {
        return '';
      }
    };
    let startup;
    try {
      startup = JSON.parse(read('startup.json'));
    } catch {
      startup = { error: { message: read('startup.err').trim() } };
    }
    let rpc;
    try {
      rpc = JSON.parse(read('rpc.json'));
    } catch {
      rpc = { exited: true };
    }
    return { startup, rpc, paths: { requirements: '/etc/codex/requirements.toml', config: dirs.codexHome } };
  });
}
