import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { repoRoot } from '@ratchet/test-utils';

/** Keys a careless or hostile file uses: the real ones, prototype names, empty, long, non-ASCII, dotted. */
const KEYS = [
  'allowed_approval_policies',
  'allowed_approvals_reviewers',
  'allowed_sandbox_modes',
  'allowed_web_search_modes',
  'guardian_policy_config',
  'features',
  'feature_requirements',
  'mcp_servers',
  'identity',
  'command',
  'url',
  'match',
  'expression',
  'executable',
  'args',
  'rules',
  'prefix_rules',
  'pattern',
  'decision',
  'justification',
  'apps',
  'enabled',
  'experimental_network',
  'allowed_domains',
  'denied_domains',
  'permissions',
  'filesystem',
  'deny_read',
  'windows',
  'allowed_sandbox_implementations',
  'enforce_residency',
  // The service keys; never config_server, whose base_url would be fetched over the network.
  'allowed_login_methods',
  'allowed_chatgpt_workspaces',
  'model_provider',
  'model_providers',
  'application',
  'guardian_extra_policy',
  'remote_sandbox_config',
  'hostname_patterns',
  'marketplaces',
  'allowed_sources',
  'host_pattern',
  'approval_policy',
  'sandbox_mode',
  'web_search',
  'profile',
  'profiles',
  'default_permissions',
  'model',
  'personality',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  'é',
  '🙂',
  'a.b',
  'x'.repeat(300),
];
const WORDS = [
  'read-only',
  'workspace-write',
  'danger-full-access',
  'never',
  'on-request',
  'untrusted',
  'on-failure',
  'user',
  'cached',
  'live',
  'disabled',
  'indexed',
  'regex',
  'exact',
  'prefix',
  'forbidden',
  'prompt',
  'allow',
  'us',
  'elevated',
  '(a+)+',
  '.*',
  '(?=x)',
  '\\',
  '[',
  '*.example.com',
  '/etc/passwd',
  '~/x',
  '../x',
  'https://example.com/mcp',
];

/** A TOML key, bare when it can be, quoted otherwise. */
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 12 }));
const render = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const dotted = fc.array(key, { minLength: 1, maxLength: 4 }).map((parts) => parts.map(render).join('.'));

/** A TOML value: scalars, hostile scalars, arrays and inline tables, sometimes deeply nested or huge. */
const value: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...WORDS).map((w) => JSON.stringify(w)),
    fc.string({ unit: 'binary', maxLength: 20 }).map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', '0', '-1', '9223372036854775807', '-9223372036854775809', '1e400', 'nan', '-inf'),
    fc.constantFrom('1979-05-27T07:32:00Z', '1979-05-27', '07:32:00', '0x7fffffff', '0o777', '1_000'),
    fc.constantFrom("'''a\nb'''", '"""x"""', "'lit'", '"\\u0000"', '"\\uD800"', '"\\x41"'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(dotted, tie('value')), { maxLength: 3 })
      .map((pairs) => `{ ${pairs.map(([k, v]) => `${k} = ${v}`).join(', ')} }`),
  ),
})).value;

/** A deep or huge value, the kinds that exhaust a careless parser. */
const extreme = fc.oneof(
  fc.integer({ min: 1, max: 3000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `${'{ a = '.repeat(n)}1${' }'.repeat(n)}`),
  fc.integer({ min: 1, max: 500_000 }).map((n) => JSON.stringify('x'.repeat(n))),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `[${'"r", '.repeat(n)}]`),
);

/** A TOML document, line by line: tables, arrays of tables, assignments, comments and junk. */
export const tomlText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 5, arbitrary: fc.tuple(dotted, value).map(([k, v]) => `${k} = ${v}`) },
      { weight: 2, arbitrary: dotted.map((k) => `[${k}]`) },
      { weight: 1, arbitrary: dotted.map((k) => `[[${k}]]`) },
      { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((s) => `# ${s}`) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
      { weight: 1, arbitrary: fc.tuple(dotted, extreme).map(([k, v]) => `${k} = ${v}`) },
    ),
    { maxLength: 12 },
  )
  .map((lines) => lines.join('\n') + '\n');

/** Starlark-like `.rules` text: rule calls with fuzzed arguments, and junk. */
export const rulesText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc
        .tuple(fc.array(fc.constantFrom(...WORDS, 'git', 'rm', '-rf'), { maxLength: 4 }), fc.constantFrom(...WORDS))
        .map(([p, d]) => `prefix_rule(pattern = ${JSON.stringify(p)}, decision = ${JSON.stringify(d)})`),
      fc
        .tuple(fc.constantFrom(...WORDS), fc.constantFrom('allow', 'deny', 'prompt', 'x'))
        .map(([h, d]) => `network_rule(host = ${JSON.stringify(h)}, protocol = "https", decision = "${d}")`),
      fc.constantFrom(
        'def f(x):\n  return f(x)\nf(1)',
        'for x in [1]:\n  pass',
        'x = [' + '['.repeat(200),
        'load("x")',
      ),
      fc.string({ unit: 'binary', maxLength: 40 }),
    ),
    { maxLength: 6 },
  )
  .map((lines) => lines.join('\n') + '\n');

/** JSON-ish text for hooks.json and --payload. */
export const jsonText: fc.Arbitrary<string> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.json().map((j) => `{"hooks": ${j}}`),
  fc.integer({ min: 1, max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

const example = (name: string) => readFileSync(join(repoRoot, 'examples', name));

/** A real file with bytes flipped, inserted or cut: near-valid input, where parsers are weakest. */
const mutated = fc
  .tuple(
    fc.constantFrom(example('requirements.toml'), example('config.toml')),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'insert', 'cut')), {
      minLength: 1,
      maxLength: 6,
    }),
  )
  .map(([base, edits]) => {
    let bytes = Buffer.from(base);
    for (const [at, byte, how] of edits) {
      const i = at % (bytes.length + 1);
      if (how === 'flip' && i < bytes.length) bytes[i] = byte;
      else if (how === 'insert') bytes = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
      else bytes = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1 + (byte % 40))]);
    }
    return bytes;
  });

const utf8 = (text: fc.Arbitrary<string>) => text.map((t) => Buffer.from(t, 'utf8'));

/** The bytes of one input file: TOML-like, rules-like, JSON-like, mutated examples, raw binary, invalid UTF-8. */
export const fileBytes: fc.Arbitrary<Buffer> = fc.oneof(
  { weight: 4, arbitrary: utf8(tomlText) },
  { weight: 1, arbitrary: utf8(rulesText) },
  { weight: 1, arbitrary: utf8(jsonText) },
  { weight: 3, arbitrary: mutated },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
);

/** Words a command line may carry: keys, values, hosts, commands, flags in the wrong place. */
export const argWord = fc.oneof(
  fc.constantFrom(...KEYS, ...WORDS, 'mcp_servers.docs', 'features.personality', '--json', '--strict', '-c', '--'),
  fc.constantFrom('example.com', '127.0.0.1', '[::1]:443', 'xn--n3h.com', '0x7f.1', 'a'.repeat(300), 'bash', '-lc'),
  fc.string({ maxLength: 16 }),
);
