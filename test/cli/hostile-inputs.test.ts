import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it, type ExpectStatic } from 'vitest';
import { runRatchetMeasured, specialFiles, type MeasuredRun } from '@ratchet/test-utils';
import { expectInputError, fileScopedDir, parseJson, runRatchet, type RunResult } from './helpers.js';

// Special, huge and badly encoded files through every entry point: one line naming the file, exit 2, no hang,
// bounded memory. The guard kills a run after 10 s (the old reader never returned from /dev/zero); the times
// measured are reported in BENCHMARKS.md, not asserted.
const dir = fileScopedDir('ratchet-cli-hostile-');
const posix = process.platform !== 'win32' && existsSync('/dev/zero');
const MAX_RSS_KIB = 100 * 1024;

const config = dir.write('config.toml', 'approval_policy = "on-request"\n');
const requirements = dir.write('requirements.toml', 'allowed_approval_policies = ["on-request"]\n');

const special = posix ? specialFiles(dir.path) : {};

/** Each entry point a file name reaches: the run to make with the file, and the name its error line shows. */
const ENTRY_POINTS: Readonly<
  Record<string, (file: string) => { args: string[]; env?: Record<string, string>; shown: string }>
> = {
  '--config': (file) => ({ args: ['resolve', '--requirements', requirements, '--config', file], shown: file }),
  '--requirements': (file) => ({ args: ['resolve', '--requirements', file, '--config', config], shown: file }),
  '--managed-config': (file) => ({
    args: ['resolve', '--no-default-sources', '--managed-config', file, '--config', config],
    shown: file,
  }),
  '--rules': (file) => ({ args: ['check', '--no-default-sources', '--rules', file, '--', 'ls'], shown: file }),
  RATCHET_MDM_REQUIREMENTS_FILE: (file) => ({
    args: ['resolve', '--config', config],
    env: { RATCHET_MDM_REQUIREMENTS_FILE: file },
    shown: `MDM ${file}`,
  }),
  RATCHET_MDM_MANAGED_CONFIG_FILE: (file) => ({
    args: ['resolve', '--config', config],
    env: { RATCHET_MDM_MANAGED_CONFIG_FILE: file },
    shown: `MDM ${file}`,
  }),
  'config set --file': (file) => ({
    args: ['config', 'set', 'model', 'o3', '--no-default-sources', '--file', file],
    shown: file,
  }),
  'check-write --config': (file) => ({
    args: ['check-write', 'model="o3"', '--no-default-sources', '--config', file],
    shown: file,
  }),
  'hooks run --payload @FILE': (file) => ({
    args: ['hooks', 'run', 'PreToolUse', '--no-default-sources', '--config', config, '--payload', `@${file}`],
    shown: file,
  }),
  validate: (file) => ({ args: ['validate', file], shown: file }),
};

/** Exit 2 with one line naming the file: on stderr, or for `validate` (a report of every file) on stdout. */
function expectRefusal(run: RunResult, ...parts: string[]): string {
  if (!run.stdout.startsWith('error: ')) return expectInputError(run, ...parts);
  return expectInputError({ status: run.status, stdout: '', stderr: run.stdout }, ...parts);
}

/** Exit 2 with one stderr line naming the file, not killed by the guard, under 100 MB. */
function expectRefused(run: MeasuredRun, shown: string, expect: ExpectStatic): void {
  const where = `${shown}: status ${run.status}, ${Math.round(run.ms)} ms, ${run.maxRssKiB} KiB, stderr ${run.stderr}`;
  expect(run.killed, `hung: ${where}`).toBe(false);
  expectRefusal(run, shown);
  expect(run.maxRssKiB, `memory: ${where}`).toBeGreaterThan(0);
  expect(run.maxRssKiB, `memory: ${where}`).toBeLessThan(MAX_RSS_KIB);
}

describe.runIf(posix).concurrent('special and huge files through every entry point: exit 2, one line, bounded', () => {
  for (const [entry, make] of Object.entries(ENTRY_POINTS)) {
    for (const [what, file] of Object.entries(special)) {
      it(`${entry} ${what}`, async ({ expect }) => {
        const { args, env, shown } = make(file);
        const run = await runRatchetMeasured(args, env ? { env } : {});
        expectRefused(run, shown, expect);
        expect(run.stderr + run.stdout).toMatch(
          /not a regular file|more than \d+|refusing to write through it|\(ELOOP\)/,
        );
      });
    }
  }

  it('RATCHET_CLOUD_CACHE_FILE naming a special file: the cache is skipped with a warning, the layer still applies', async ({
    expect,
  }) => {
    const { createServer } = await import('node:http');
    const server = createServer((_req, res) => res.writeHead(200).end('allowed_approval_policies = ["never"]\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      for (const file of Object.values(special)) {
        const run = await runRatchetMeasured(['resolve', '--config', config, '--json'], {
          env: {
            RATCHET_CLOUD_ENDPOINT: `http://127.0.0.1:${port}/r`,
            RATCHET_CLOUD_TOKEN: 't',
            RATCHET_CLOUD_IDENTITY: 'i',
            RATCHET_CLOUD_CACHE_KEY: 'k',
            RATCHET_CLOUD_CACHE_FILE: file,
          },
        });
        expect(run.killed, file).toBe(false);
        expect(run.status, run.stderr).toBe(0);
        expect(run.maxRssKiB).toBeLessThan(MAX_RSS_KIB);
        expect(run.stderr).toContain(`the cache ${file}`);
        expect((JSON.parse(run.stdout) as { effective: { approval_policy: string } }).effective.approval_policy).toBe(
          'never',
        );
      }
    } finally {
      server.close();
    }
  });
});

describe.concurrent('invalid UTF-8: exit 2 naming the file and the byte offset', () => {
  const latin1 = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, Buffer.from(text, 'latin1'));
    return path;
  };

  for (const [entry, make] of Object.entries(ENTRY_POINTS)) {
    if (entry === 'hooks run --payload @FILE' || entry.startsWith('RATCHET_MDM')) continue; // below
    it(`a stray \\xff in a comment, through ${entry}`, async ({ expect }) => {
      const file = latin1(
        `bad-${entry.replace(/\W+/g, '-')}.toml`,
        '# ok\n# caf\xff\nallowed_approval_policies = ["never"]\n',
      );
      const { args, shown } = make(file);
      const line = expectRefusal(
        await runRatchet(args),
        shown,
        'invalid UTF-8 at byte 10 (line 2, byte 6 of the line)',
      );
      expect(line).toContain('save the file as UTF-8');
    });
  }

  it('in a string of a .rules file, and in hooks.json beside config.toml', async ({ expect }) => {
    const rules = latin1('bad.rules', 'prefix_rule(pattern = ["caf\xe9"], decision = "forbidden")\n');
    expectInputError(
      await runRatchet(['check', '--no-default-sources', '--rules', rules, '--', 'ls']),
      rules,
      'invalid UTF-8 at byte 27',
    );
    const home = join(dir.path, 'hooks-home');
    mkdirSync(home, { recursive: true });
    writeFileSync(join(home, 'config.toml'), '');
    writeFileSync(join(home, 'hooks.json'), Buffer.from('{"hooks": {"x": "\xe9"}}', 'latin1'));
    const result = await runRatchet(['resolve', '--no-default-sources'], { env: { CODEX_HOME: home } });
    expectInputError(result, join(home, 'hooks.json'), 'invalid UTF-8 at byte 17');
    expect(result.stdout).toBe('');
  });

  it('in a base64 MDM payload file, the decoded payload names the offset', async () => {
    const payload = dir.write('mdm.b64', Buffer.from(Buffer.from('a = "\xe9"\n', 'latin1')).toString('base64'));
    expectInputError(
      await runRatchet(['resolve', '--config', config], { env: { RATCHET_MDM_REQUIREMENTS_FILE: payload } }),
      `MDM ${payload}`,
      'not UTF-8 text (invalid UTF-8 at byte 5)',
    );
  });
});

describe('regular expressions run in linear time', () => {
  it('an (a+)+ MCP url identity against a 10,000-character url answers (disabled: no match)', async ({ expect }) => {
    const url = `https://${'a'.repeat(10_000)}!`;
    const req = dir.write(
      'redos.toml',
      '[mcp_servers.docs.identity]\nurl = { match = "regex", expression = "https://(a+)+" }\n',
    );
    const user = dir.write('redos-config.toml', `[mcp_servers.docs]\nurl = "${url}"\n`);
    const run = await runRatchetMeasured(['mcp', 'list', '--requirements', req, '--config', user, '--json']);
    expect(run.killed).toBe(false);
    const out = parseJson<{ mcp_servers: { docs: { enabled: boolean } } }>(run);
    expect(out.mcp_servers.docs.enabled).toBe(false);
  });

  it('look-around in an MCP identity stops loading with a clear error, as Codex refuses it', async () => {
    const req = dir.write(
      'lookahead.toml',
      '[mcp_servers.docs.identity]\nurl = { match = "regex", expression = "https://(?!evil).*" }\n',
    );
    expectInputError(
      await runRatchet(['resolve', '--requirements', req, '--config', config]),
      req,
      'mcp_servers.docs.identity.url.expression',
      'look-around is not supported',
    );
  });
});
