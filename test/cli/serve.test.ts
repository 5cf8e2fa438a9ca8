import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { emptyHomeEnv, ratchetBin, repoRoot } from '@ratchet/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_CONFIG, EXAMPLE_REQUIREMENTS, fileScopedDir, LAPTOP, parseJson, runRatchet } from './helpers.js';
import { RpcClient, type RpcReply } from './serve-client.js';

// Tests that start the service and many requests: this bound is a hang guard for a loaded 2-core machine, not a
// speed claim.
const HANG_GUARD = 120_000;

const dir = fileScopedDir('ratchet-serve-');
const userRules = dir.write(
  'user.rules',
  'prefix_rule(pattern = ["git", "push"], decision = "forbidden", justification = "no pushing")\n' +
    'network_rule(host = "api.example.org", protocol = "https", decision = "allow")\n',
);
const policy = ['--requirements', EXAMPLE_REQUIREMENTS, '--config', EXAMPLE_CONFIG, '--hostname', LAPTOP];
const sources = [...policy, '--rules', userRules];

describe('ratchet serve on stdio', () => {
  const client = RpcClient.spawn([...sources, '--watch-interval', '0']);
  afterAll(() => client.close());

  /** `--json` before any `--`. */
  const withJson = (args: readonly string[]) => {
    const end = args.indexOf('--');
    return end === -1 ? [...args, '--json'] : [...args.slice(0, end), '--json', ...args.slice(end)];
  };

  /** The service's answer, which must be what `ratchet ARGS... --json` prints. */
  async function same(method: string, params: unknown, args: readonly string[]) {
    const [reply, run] = await Promise.all([client.call(method, params), runRatchet(withJson(args))]);
    expect(reply.error, JSON.stringify(reply.error)).toBeUndefined();
    expect(reply.result).toEqual(parseJson(run));
  }

  it(
    'answers every method with what the command prints',
    async () => {
      await same('resolve', undefined, ['resolve', ...policy]);
      await same('explain', { key: 'sandbox_mode' }, ['explain', 'sandbox_mode', ...policy]);
      await same('explain', { key: 'mcp_servers.docs' }, ['explain', 'mcp_servers.docs', ...policy]);
      await same('check', { command: ['git', 'push', '--force'] }, [
        'check',
        ...sources,
        '--',
        'git',
        'push',
        '--force',
      ]);
      await same('check', ['rm', '-rf', '/'], ['check', ...sources, '--', 'rm', '-rf', '/']);
      await same('check', { script: 'ls && git push' }, ['check', ...sources, '--', 'bash', '-lc', 'ls && git push']);
      // A script only the shell grammar reads: the service loads the grammar and answers later, as the command does.
      await same('check', { script: 'echo "$(git push)" > /dev/null' }, [
        'check',
        ...sources,
        '--',
        'bash',
        '-lc',
        'echo "$(git push)" > /dev/null',
      ]);
      await same('check-domain', { host: 'api.example.org', port: 443 }, [
        'check-domain',
        'api.example.org',
        '--port',
        '443',
        ...sources,
      ]);
      await same('mcp list', {}, ['mcp', 'list', ...policy]);
      await same('mcp check', { name: 'docs', command: 'docs-mcp', args: ['-y'] }, [
        'mcp',
        'check',
        'docs',
        '--command',
        'docs-mcp',
        '--arg=-y',
        ...policy,
      ]);
      await same('mcp check', { name: 'web', url: 'https://mcp.example.com' }, [
        'mcp',
        'check',
        'web',
        '--url',
        'https://mcp.example.com',
        ...policy,
      ]);
      await same('validate', {}, ['validate', EXAMPLE_REQUIREMENTS, '--hostname', LAPTOP]);
    },
    HANG_GUARD,
  );

  it('answers check-write, refused or not, as the command prints it', async () => {
    const refused = await client.call('check-write', { edits: ['sandbox_mode="danger-full-access"'] });
    const run = await runRatchet(['check-write', 'sandbox_mode="danger-full-access"', ...policy, '--json']);
    expect(run.status).toBe(2);
    expect(refused.result).toEqual(JSON.parse(run.stdout));
    expect((refused.result as { ok: boolean }).ok).toBe(false);
  });

  it('answers bad requests with JSON-RPC errors and keeps serving', async () => {
    const code = (reply: unknown) => (reply as RpcReply).error?.code;
    client.send('this is not json\n');
    expect(code(await client.stray())).toBe(-32700);
    client.send('{"jsonrpc":"2.0","id":"x","method":"check"\n');
    expect(code(await client.stray())).toBe(-32700);
    client.send('[1, 2]\n');
    expect((await client.stray()) as RpcReply[]).toMatchObject([
      { error: { code: -32600 } },
      { error: { code: -32600 } },
    ]);
    client.send('{"jsonrpc":"1.0","id":{},"method":"check"}\n');
    expect(code(await client.stray())).toBe(-32600);
    client.send(Buffer.from([0xff, 0xfe, 0x7b, 0x0a])); // invalid UTF-8
    expect(code(await client.stray())).toBe(-32700);
    client.send(`{"jsonrpc":"2.0","id":7,"method":"check","params":{"command":["${'a'.repeat(2 << 20)}"]}}\n`);
    expect(code(await client.stray())).toBe(-32002);
    expect((await client.call('no-such-method')).error?.code).toBe(-32601);
    expect((await client.call('__proto__')).error?.code).toBe(-32601);
    expect((await client.call('check', { command: [] })).error?.code).toBe(-32602);
    expect((await client.call('check', { command: ['git'], script: 'git' })).error?.code).toBe(-32602);
    expect((await client.call('check', 'git push')).error?.code).toBe(-32602);
    expect((await client.call('check-domain', { host: 'a.example', port: 0 })).error?.code).toBe(-32602);
    expect((await client.call('explain', { key: 'no_such_key' })).error).toMatchObject({ code: -32000 });
    expect((await client.call('resolve', { profile: 'x' })).error?.code).toBe(-32602);
    expect((await client.call('hooks run', { event: 'NoSuchEvent' })).error?.code).toBe(-32602);
    // A notification gets no reply; a batch gets one list.
    client.send('{"jsonrpc":"2.0","method":"check","params":["ls"]}\n');
    client.send(
      '[{"jsonrpc":"2.0","id":"a","method":"check","params":["git","push"]},{"jsonrpc":"2.0","method":"status"}]\n',
    );
    expect(await client.stray()).toMatchObject([{ id: 'a', result: { decision: 'forbidden' } }]);
    expect((await client.call('check', ['git', 'push'])).result).toMatchObject({ decision: 'forbidden' });
  });
});

describe('ratchet serve reloads', () => {
  it(
    'when a source changes; a broken source keeps the previous policy and says why',
    async () => {
      const rules = dir.write('watched.rules', 'prefix_rule(pattern = ["make"], decision = "prompt")\n');
      const client = RpcClient.spawn(['--no-default-sources', '--rules', rules, '--watch-interval', '50']);
      const decision = async () =>
        ((await client.call('check', ['make', 'all'])).result as { decision: string }).decision;
      expect(await decision()).toBe('prompt');
      writeFileSync(rules, 'prefix_rule(pattern = ["make"], decision = "forbidden")\n');
      while ((await decision()) !== 'forbidden') await new Promise((r) => setTimeout(r, 20));
      writeFileSync(rules, 'prefix_rule(pattern = ["make"], decision = "nonsense")\n');
      while (!client.stderr().includes('reload failed')) await new Promise((r) => setTimeout(r, 20));
      expect(await decision()).toBe('forbidden');
      expect(client.stderr()).toMatch(
        /reload failed, the previous policy stays in force: .*watched\.rules.*invalid decision/,
      );
      const reload = await client.call('reload');
      expect(reload.error).toMatchObject({ code: -32001 });
      expect(await client.close()).toBe(0);
    },
    HANG_GUARD,
  );
});

/** Requirements and user rules that both name the generation, so an answer mixing two generations shows. */
function writeGeneration(requirements: string, rules: string, generation: number): void {
  writeFileSync(
    requirements,
    `[rules]\nprefix_rules = [{ pattern = [{ token = "git" }, { token = "push" }], decision = "prompt", justification = "gen-${generation}" }]\n`,
  );
  writeFileSync(
    rules,
    `prefix_rule(pattern = ["git", "push"], decision = "forbidden", justification = "gen-${generation}")\n`,
  );
}

describe('ratchet serve --socket', () => {
  it(
    'creates the socket 0600; 8 clients, 100,000 requests, a reload in the middle: every answer from one policy',
    async () => {
      const requirements = join(dir.path, 'gen.toml');
      const rules = join(dir.path, 'gen.rules');
      writeGeneration(requirements, rules, 1);
      const socket = join(dir.path, 'ratchet.sock');
      const service = spawn(
        process.execPath,
        [
          ratchetBin,
          'serve',
          '--requirements',
          requirements,
          '--rules',
          rules,
          '--socket',
          socket,
          '--watch-interval',
          '0',
        ],
        { cwd: repoRoot, env: emptyHomeEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      service.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      while (!stderr.includes('listening')) await new Promise((r) => setTimeout(r, 20));
      expect(statSync(socket).mode & 0o777).toBe(0o600);

      const CLIENTS = 8;
      const TOTAL = 100_000;
      const clients = await Promise.all(Array.from({ length: CLIENTS }, () => RpcClient.connect(socket)));
      const seen = new Map<string, number>();
      let answered = 0;
      let reloaded: Promise<RpcReply> | undefined;
      await Promise.all(
        clients.map(async (client, c) => {
          // Each client keeps 64 requests in flight.
          const per = TOTAL / CLIENTS;
          let sent = 0;
          const worker = async () => {
            while (sent < per) {
              sent++;
              const reply = await client.call('check', ['git', 'push', '--force']);
              const matched = (reply.result as { matched_rules: { justification: string }[] }).matched_rules;
              const generations = [...new Set(matched.map((m) => m.justification))];
              expect(matched).toHaveLength(2);
              expect(generations).toHaveLength(1);
              seen.set(generations[0]!, (seen.get(generations[0]!) ?? 0) + 1);
              answered++;
              if (c === 0 && answered >= TOTAL / 2 && !reloaded) {
                writeGeneration(requirements, rules, 2);
                reloaded = client.call('reload');
              }
            }
          };
          await Promise.all(Array.from({ length: 64 }, worker));
        }),
      );
      expect(answered).toBe(TOTAL);
      expect((await reloaded)?.result).toMatchObject({ reloaded: true, generation: 2 });
      expect(seen.get('gen-1')).toBeGreaterThan(0);
      expect(seen.get('gen-2') ?? 0).toBeGreaterThanOrEqual(0);
      // After the reload has answered, every answer is the new policy's.
      const after = await clients[3]!.call('check', ['git', 'push']);
      expect(
        (after.result as { matched_rules: { justification: string }[] }).matched_rules.map((m) => m.justification),
      ).toEqual(['gen-2', 'gen-2']);
      // A client that sends garbage and leaves does not end the service.
      clients[0]!.send('\u0000\u0001 not json\n{"jsonrpc":"2.0","id":1,"method":');
      await clients[0]!.close();
      expect((await clients[1]!.call('status')).result).toMatchObject({ protocol: '1.0.0', generation: 2 });
      await Promise.all(clients.slice(1).map((c) => c.close()));
      service.kill('SIGTERM');
      const code = await new Promise((resolve) => service.on('exit', resolve));
      expect(code).toBe(0);
      expect(() => statSync(socket)).toThrow();
    },
    HANG_GUARD,
  );

  it('refuses a path that is not a socket', async () => {
    const file = dir.write('not-a-socket', 'keep me');
    const run = await runRatchet(['serve', '--no-default-sources', '--socket', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('exists and is not a socket');
  });
});

describe('ratchet check --batch', () => {
  it('answers one line per command, in order, as check --json would', async () => {
    const input = [
      '["git","push"]',
      '{"command":["rm","-rf","/"]}',
      '',
      '{"script":"ls && git push"}',
      'not json',
      '{"command":[]}',
    ].join('\n');
    const child = spawn(process.execPath, [ratchetBin, 'check', '--batch', ...sources], {
      cwd: repoRoot,
      env: emptyHomeEnv(),
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stdin.end(input);
    const status = await new Promise((resolve) => child.on('exit', resolve));
    const answers = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(answers).toHaveLength(5);
    const one = parseJson(await runRatchet(['check', ...sources, '--json', '--', 'git', 'push']));
    expect(answers[0]).toEqual(one);
    expect(answers[1]).toMatchObject({ decision: 'forbidden' });
    expect(answers[2]).toMatchObject({ decision: 'forbidden' });
    expect(answers[3]).toMatchObject({ error: { line: 5, message: 'not JSON' } });
    expect(answers[4]).toMatchObject({ error: { line: 6 } });
    expect(status).toBe(2);
  });
});
