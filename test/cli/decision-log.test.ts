// Decision logs: every decision as one JSON line (checked against docs/decision-log.schema.json), and the same
// events as OpenTelemetry log records over OTLP/HTTP, received and decoded by a real receiver started here.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@ratchet/test-utils';
import {
  EXAMPLE_CONFIG,
  EXAMPLE_REQUIREMENTS,
  expectInputError,
  fileScopedDir,
  LAPTOP,
  runRatchet,
} from './helpers.js';

/** A hang guard for runs of the command on a machine shared with other work, not a speed claim. */
const HANG_GUARD = { timeout: 120_000 };

const dir = fileScopedDir('ratchet-cli-decision-log-');
const rules = dir.write('user.rules', 'prefix_rule(pattern = ["ls"], decision = "allow")\n');
const base = ['--requirements', EXAMPLE_REQUIREMENTS, '--config', EXAMPLE_CONFIG, '--hostname', LAPTOP];

interface Event {
  time: string;
  kind: string;
  subject: string;
  decision: string;
  rules: { rule: string; source?: string; at?: string; line?: number }[];
  layers: string[];
  policy_hash: string;
  requested?: unknown;
  effective?: unknown;
  reason?: string;
}

const schema = JSON.parse(readFileSync(join(repoRoot, 'docs/decision-log.schema.json'), 'utf8')) as object;
const valid = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

const events = (file: string): Event[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Event);

describe('--decision-log FILE', HANG_GUARD, () => {
  const log = join(dir.path, 'decisions.jsonl');
  const logged = ['--decision-log', log];

  beforeAll(async () => {
    // One after the other: each appends to the same file.
    const runs = [
      ['check', ...base, '--rules', rules, ...logged, '--', 'git', 'push'],
      ['check', ...base, '--rules', rules, ...logged, '--', 'ls'],
      ['check-domain', 'paste.example.net', ...base, ...logged],
      ['mcp', 'list', ...base, ...logged],
      ['hooks', 'run', 'Stop', ...base, ...logged],
      ['resolve', ...base, ...logged],
      ['check-write', 'sandbox_mode="danger-full-access"', ...base, ...logged],
    ];
    for (const args of runs) {
      const result = await runRatchet(args);
      expect([0, 2], `${args.join(' ')}: ${result.stderr}`).toContain(result.status);
    }
  }, 240_000); // a hang guard for seven runs on a loaded machine, not a speed claim

  it('every line is an event the documented schema accepts', () => {
    const all = events(log);
    expect(all.length).toBeGreaterThan(7);
    for (const e of all) expect(valid(e), JSON.stringify(valid.errors)).toBe(true);
    // One policy, one hash.
    expect(new Set(all.map((e) => e.policy_hash)).size).toBe(1);
  });

  it('a command: the decision, the rule with its file and place, the layer', () => {
    const [push, ls] = events(log).filter((e) => e.kind === 'command');
    expect(push).toMatchObject({
      subject: 'git push',
      decision: 'prompt',
      rules: [{ rule: 'git push', source: EXAMPLE_REQUIREMENTS, at: 'rules.prefix_rules[0]' }],
      layers: [EXAMPLE_REQUIREMENTS],
    });
    expect(ls).toMatchObject({ subject: 'ls', decision: 'allow', rules: [{ source: rules, at: '1:1', line: 1 }] });
  });

  it('a host, MCP servers, a hook event, a refused write, each replaced value', () => {
    const all = events(log);
    expect(all.find((e) => e.kind === 'domain')).toMatchObject({
      subject: 'paste.example.net',
      decision: 'deny',
      layers: [EXAMPLE_REQUIREMENTS],
    });
    const servers = all.filter((e) => e.kind === 'mcp_server');
    expect(servers.map((e) => e.decision)).toEqual(expect.arrayContaining(['enabled', 'disabled']));
    expect(servers.find((e) => e.decision === 'disabled')?.reason).toContain(EXAMPLE_REQUIREMENTS);
    expect(all.find((e) => e.kind === 'hook')).toMatchObject({ subject: 'Stop' });
    expect(all.find((e) => e.kind === 'config_write')).toMatchObject({
      subject: 'sandbox_mode',
      decision: 'refused',
      requested: 'danger-full-access',
    });
    expect(all.filter((e) => e.kind === 'value').find((e) => e.subject === 'sandbox_mode')).toMatchObject({
      decision: 'replaced',
      requested: 'danger-full-access',
      effective: 'read-only',
      rules: [{ rule: 'allowed_sandbox_modes', source: EXAMPLE_REQUIREMENTS }],
      layers: [EXAMPLE_REQUIREMENTS],
    });
  });

  it('a log file that cannot be written: exit 2, one line naming it, never a stack trace', async () => {
    const result = await runRatchet(['check', ...base, '--decision-log', '/nonexistent/dir/log.jsonl', '--', 'ls']);
    expectInputError(result, '/nonexistent/dir/log.jsonl');
  });

  it('ratchet serve records what it answers, as the commands do', async () => {
    const served = join(dir.path, 'served.jsonl');
    const requests = [
      { jsonrpc: '2.0', id: 1, method: 'check', params: { command: ['git', 'push'] } },
      { jsonrpc: '2.0', id: 2, method: 'check-domain', params: { host: 'paste.example.net' } },
    ];
    const result = await runRatchet(['serve', ...base, '--decision-log', served], {
      input: requests.map((r) => `${JSON.stringify(r)}\n`).join(''),
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim().split('\n')).toHaveLength(2);
    const logged = events(served);
    for (const e of logged) expect(valid(e), JSON.stringify(valid.errors)).toBe(true);
    expect(logged.map((e) => [e.kind, e.subject, e.decision])).toEqual([
      ['command', 'git push', 'prompt'],
      ['domain', 'paste.example.net', 'deny'],
    ]);
  });

  it('without the flag nothing more is written', async () => {
    const before = events(log).length;
    const result = await runRatchet(['check', ...base, '--', 'git', 'push']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    expect(events(log)).toHaveLength(before);
  });
});

/** What an OTLP/HTTP receiver got: each request's path, content type and decoded JSON body. */
interface Received {
  path: string;
  type: string;
  headers: Record<string, string | string[] | undefined>;
  body: {
    resourceLogs: {
      resource: { attributes: { key: string; value: { stringValue?: string } }[] };
      scopeLogs: {
        scope: { name: string };
        logRecords: {
          body: { stringValue: string };
          severityText: string;
          attributes: { key: string; value: { stringValue?: string } }[];
        }[];
      }[];
    }[];
  };
}

describe('OpenTelemetry logs over OTLP/HTTP', HANG_GUARD, () => {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        type: request.headers['content-type'] ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const records = () =>
    received.flatMap((r) =>
      r.body.resourceLogs.flatMap((rl) =>
        rl.scopeLogs.flatMap((sl) =>
          sl.logRecords.map((lr) => ({
            service: rl.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue,
            scope: sl.scope.name,
            body: lr.body.stringValue,
            severity: lr.severityText,
            attributes: Object.fromEntries(lr.attributes.map((a) => [a.key, a.value.stringValue])),
          })),
        ),
      ),
    );

  it('OTEL_EXPORTER_OTLP_ENDPOINT: each decision arrives at /v1/logs as a JSON log record', async () => {
    const result = await runRatchet(['check', ...base, '--', 'git', 'push'], {
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(received.map((r) => [r.path, r.type])).toEqual([['/v1/logs', 'application/json']]);
    const [record] = records();
    expect(record).toMatchObject({
      service: 'ratchet',
      scope: 'ratchet.decisions',
      body: 'command git push: prompt',
      severity: 'INFO',
      attributes: {
        'ratchet.kind': 'command',
        'ratchet.subject': 'git push',
        'ratchet.decision': 'prompt',
        'ratchet.layers': JSON.stringify([EXAMPLE_REQUIREMENTS]),
      },
    });
    expect(record!.attributes['ratchet.policy_hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.parse(record!.attributes['ratchet.rules']!)).toEqual([
      { rule: 'git push', source: EXAMPLE_REQUIREMENTS, at: 'rules.prefix_rules[0]' },
    ]);
  }, 120_000); // a hang guard, not a speed claim

  it('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT is the full address; a forbidden command is a warning', async () => {
    received.length = 0;
    const result = await runRatchet(['check', ...base, '--', 'rm', '-rf', '/'], {
      env: { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: `${endpoint}/custom/logs` },
    });
    expect(result.status, result.stderr).toBe(0);
    expect(received.map((r) => r.path)).toEqual(['/custom/logs']);
    expect(records()[0]).toMatchObject({ severity: 'WARN', attributes: { 'ratchet.decision': 'forbidden' } });
  }, 120_000); // a hang guard, not a speed claim

  it("the requirements' [otel] exporter receives every decision too, with its headers, and is never skipped by the cache", async () => {
    received.length = 0;
    const required = dir.write(
      'otel-requirements.toml',
      [
        '[rules]',
        'prefix_rules = [{ pattern = [{ token = "rm" }], decision = "forbidden" }]',
        '[otel]',
        `exporter = { otlp-http = { endpoint = "${endpoint}/required/logs", protocol = "json", headers = { x-team = "security" } } }`,
        '',
      ].join('\n'),
    );
    const args = ['check', '--requirements', required, '--no-default-sources', '--', 'rm', '-rf', '/'];
    for (let run = 0; run < 2; run++) {
      const result = await runRatchet(args);
      expect(result.status, result.stderr).toBe(0);
    }
    expect(received.map((r) => [r.path, r.headers['x-team']])).toEqual([
      ['/required/logs', 'security'],
      ['/required/logs', 'security'],
    ]);
    expect(records().map((r) => r.attributes['ratchet.decision'])).toEqual(['forbidden', 'forbidden']);
  }, 120_000); // a hang guard, not a speed claim

  it('an [otel] exporter it cannot send to (otlp-grpc) is a warning, and the decision stands', async () => {
    const grpc = dir.write('otel-grpc.toml', `[otel]\nexporter = { otlp-grpc = { endpoint = "${endpoint}" } }\n`);
    const result = await runRatchet(['check', '--requirements', grpc, '--no-default-sources', '--', 'ls']);
    expect(result.status).toBe(0);
    expect(result.stderr).toMatch(/otel\.exporter otlp-grpc: decision logs are sent only over OTLP\/HTTP/);
    expect(result.stdout).toMatch(/^decision: none/);
  }, 120_000); // a hang guard, not a speed claim
});
