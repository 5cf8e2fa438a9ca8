import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { emptyHomeEnv, ratchetBin, repoRoot } from '@ratchet/test-utils';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_REQUIREMENTS, fileScopedDir } from './helpers.js';

// The example client is Python: without python3 on the machine there is nothing to run it with.
const python = spawnSync('python3', ['--version']).status === 0;

const dir = fileScopedDir('ratchet-serve-python-');

/** Runs a Python script beside the example client; resolves to its stdout as JSON. */
function runPython(script: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script], {
      cwd: repoRoot,
      env: { ...emptyHomeEnv(), PYTHONPATH: join(repoRoot, 'examples') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`python3 exited ${code}: ${stderr}`)),
    );
  });
}

describe.skipIf(!python)('examples/ratchet_client.py', () => {
  // A hang guard for a loaded 2-core machine, not a speed claim.
  const HANG_GUARD = 120_000;

  it(
    'drives the service on stdio and on a socket',
    async () => {
      const rules = dir.write('user.rules', 'prefix_rule(pattern = ["git", "push"], decision = "forbidden")\n');
      const socket = join(dir.path, 'py.sock');
      const server = spawn(
        process.execPath,
        [ratchetBin, 'serve', '--requirements', EXAMPLE_REQUIREMENTS, '--rules', rules, '--socket', socket],
        { cwd: repoRoot, env: emptyHomeEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      server.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      while (!stderr.includes('listening')) await new Promise((r) => setTimeout(r, 20));
      const result = await runPython(`
import json
from ratchet_client import RatchetClient, RatchetError
out = {}
args = ["--requirements", ${JSON.stringify(EXAMPLE_REQUIREMENTS)}, "--rules", ${JSON.stringify(rules)}]
with RatchetClient.spawn(args, command=(${JSON.stringify(process.execPath)}, ${JSON.stringify(ratchetBin)})) as r:
    out["push"] = r.call("check", {"command": ["git", "push"]})["decision"]
    out["script"] = r.call("check", {"script": "ls; rm -rf /"})["decision"]
    try:
        r.call("no-such-method")
    except RatchetError as e:
        out["error"] = e.code
    out["sandbox"] = r.call("explain", {"key": "sandbox_mode"})["value"]
with RatchetClient.connect(${JSON.stringify(socket)}) as r:
    out["socket"] = [r.call("check", ["git", "push"])["decision"] for _ in range(100)]
print(json.dumps(out))
`);
      server.kill('SIGTERM');
      expect(result).toEqual({
        push: 'forbidden',
        script: 'forbidden',
        error: -32601,
        sandbox: 'read-only',
        socket: Array(100).fill('forbidden'),
      });
    },
    HANG_GUARD,
  );
});
