import { beforeAll, describe, expect, it } from 'vitest';
import { run } from './main.js';

// `run` loads a command's modules (and every provider) only when a command runs; through vitest's transform that
// first load can take longer than a test's bound on a loaded machine. Loaded once here, under a hang guard.
beforeAll(() => import('./dispatch.js'), 120_000);

function capture() {
  let text = '';
  return {
    write: (chunk: string) => (text += chunk),
    get text() {
      return text;
    },
  };
}

async function ratchet(...argv: string[]) {
  const out = capture();
  const err = capture();
  const status = await run(argv, out, err);
  return { status, stdout: out.text, stderr: err.text };
}

describe('run', () => {
  it('prints usage on stderr and exits 2 without a command', async () => {
    const r = await ratchet();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: ratchet <command>');
  });

  it('prints usage on stdout for --help', async () => {
    const r = await ratchet('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('resolve');
  });

  it('rejects an unknown command with one line', async () => {
    const r = await ratchet('frobnicate');
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['ratchet: unknown command "frobnicate"; run ratchet --help']);
  });

  it('treats names of Object.prototype members as unknown commands', async () => {
    for (const name of ['toString', 'constructor', '__proto__']) {
      const r = await ratchet(name);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`unknown command "${name}"`);
    }
  });

  it('prints the schema of every bundled provider', async () => {
    const r = await ratchet('schema');
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout) as { properties: object };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'allowed_approval_policies',
        'allowed_sandbox_modes',
        'remote_sandbox_config',
        'allowed_web_search_modes',
      ]),
    );
  });

  it('reports a missing named requirements file as invalid input', async () => {
    const r = await ratchet(
      'resolve',
      '--requirements',
      '/nonexistent/requirements.toml',
      '--config',
      '/nonexistent/config.toml',
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^ratchet: \/nonexistent\/requirements\.toml: cannot read file \(ENOENT\)/);
  });
});
