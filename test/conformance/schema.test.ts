// `ratchet schema` and `ratchet validate` give the same verdict on every requirements input of the conformance
// vectors (and of the spec-derived ones): an editor using the schema flags what validate refuses, and nothing else.
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runRatchet, tmpDir, writeAcmePlugin } from '@ratchet/test-utils';
import { loadVectorFiles, projectVectorDir, vectorDir } from './vectors.js';

const dir = tmpDir('ratchet-schema-');
afterAll(() => dir.remove());

/**
 * Inputs whose verdicts differ because JSON Schema cannot state the rule, each with the reason. A Rust-syntax regular
 * expression's validity is not a schema property (the schema's `format: regex` is ECMAScript's dialect).
 */
const BEYOND_SCHEMA: Readonly<Record<string, string>> = {
  'mcp-invalid-regex-is-load-error-naming-server': 'the validity of a Rust-syntax regular expression',
};

interface Input {
  readonly id: string;
  readonly file: string;
  readonly toml: string;
}

const inputs: Input[] = [vectorDir, projectVectorDir].flatMap((folder, n) =>
  loadVectorFiles(folder).flatMap(({ vectors }) =>
    vectors.flatMap((v) =>
      (v.requirements ?? []).map((toml, i) => ({
        id: v.id,
        file: dir.write(`${n}-${v.id}-${i}.toml`, toml),
        toml,
      })),
    ),
  ),
);

interface ValidateJson {
  files: { file: string; diagnostics: { severity: string; kind: string; key?: string; message: string }[] }[];
}

async function schemaOf(args: readonly string[] = []): Promise<Record<string, unknown>> {
  const result = await runRatchet(['schema', ...args]);
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

// strictRequired is off: `required` inside `not` and `if` names properties declared one level up, which it does not
// follow. Every other strict check is on.
const compile = (schema: Record<string, unknown>) =>
  new Ajv2020({ strict: true, strictRequired: false, allErrors: true }).compile(schema);

describe('the requirements schema and validate agree', { timeout: 120_000 }, () => {
  it(
    `on every requirements input of the vectors (${inputs.length})`,
    async () => {
      expect(inputs.length).toBeGreaterThan(100);
      const check = compile(await schemaOf());
      // One validate run over every input (each file is reported on its own; the layers-together entry is not used).
      const result = await runRatchet(['validate', '--json', ...inputs.map((i) => i.file)]);
      const report = JSON.parse(result.stdout) as ValidateJson;
      expect(report.files.map((f) => f.file)).toEqual(inputs.map((i) => i.file));
      const disagree: string[] = [];
      let refused = 0;
      for (const [n, input] of inputs.entries()) {
        const diagnostics = report.files[n]!.diagnostics;
        // validate refuses a file with an error, and (as --strict does) one with a key no provider owns.
        const validateOk = !diagnostics.some((d) => d.severity === 'error' || d.kind === 'unknown-key');
        let data: unknown;
        try {
          data = parse(input.toml);
        } catch {
          data = undefined;
        }
        const schemaOk = data !== undefined && check(data);
        if (!validateOk) refused++;
        if (schemaOk !== validateOk && !(input.id in BEYOND_SCHEMA))
          disagree.push(
            `${input.id}: schema ${schemaOk ? 'accepts' : 'refuses'} (${JSON.stringify(check.errors?.[0] ?? null)}), validate ${validateOk ? 'accepts' : 'refuses'} (${diagnostics.map((d) => d.message).join('; ')})`,
          );
      }
      console.log(
        `schema and validate: ${inputs.length} inputs, ${refused} refused by validate, ${disagree.length} disagree`,
      );
      expect(refused).toBeGreaterThan(20);
      expect(disagree).toEqual([]);
    },
    120_000, // a hang guard for two command runs on a loaded machine, not a speed claim
  );

  it('every exception still disagrees (an exception the schema learns to state is removed)', async () => {
    const check = compile(await schemaOf());
    for (const id of Object.keys(BEYOND_SCHEMA)) {
      const input = inputs.find((i) => i.id === id);
      expect(input, id).toBeDefined();
      expect(check(parse(input!.toml)), id).toBe(true);
    }
  });
});

describe('ratchet schema', { timeout: 120_000 }, () => {
  it('has an $id and refuses a misspelt top-level key', async () => {
    const schema = await schemaOf();
    expect(schema).toMatchObject({ $id: 'urn:ratchet:schema:requirements.toml', additionalProperties: false });
    const check = compile(schema);
    expect(check({ allowed_sandbox_modes: ['read-only'] })).toBe(true);
    expect(check({ allowed_sandbox_mode: ['read-only'] })).toBe(false);
  });

  it("includes a plugin's keys when the plugin is loaded", async () => {
    const plugins = tmpDir('ratchet-schema-plugin-');
    try {
      // The plugin imports @ratchet/core, linked as an installed package would be.
      writeAcmePlugin(plugins.path);
      mkdirSync(join(plugins.path, 'node_modules/@ratchet'), { recursive: true });
      symlinkSync(join(repoRoot, 'packages/core'), join(plugins.path, 'node_modules/@ratchet/core'));
      const result = await runRatchet(['schema', '--plugin', 'acme-ratchet-plugin'], { cwd: plugins.path });
      const check = compile(JSON.parse(result.stdout) as Record<string, unknown>);
      expect(check({ acme_max_tabs: 3 })).toBe(true);
      expect(check({ acme_max_tabs: 0 })).toBe(false);
      expect(check({ acme_max_tab: 3 })).toBe(false);
    } finally {
      plugins.remove();
    }
  });

  it('--config: the schema of config.toml, which accepts every vector config that resolves', async () => {
    const schema = await schemaOf(['--config']);
    expect(schema).toMatchObject({ $id: 'urn:ratchet:schema:config.toml', title: 'config.toml' });
    const check = compile(schema);
    const configs = [vectorDir, projectVectorDir]
      .flatMap((folder) => loadVectorFiles(folder).flatMap((f) => f.vectors))
      .filter((v) => v.config !== undefined && (v.expect.exit ?? 0) === 0);
    expect(configs.length).toBeGreaterThan(50);
    const refused = configs
      .filter((v) => !check(parse(v.config!)))
      .map((v) => `${v.id}: ${JSON.stringify(check.errors)}`);
    expect(refused).toEqual([]);
    expect(check({ approval_policy: 'sometimes' })).toBe(false);
    expect(check({ sandbox_mode: 'read-only', profiles: { work: { sandbox_mode: 'all-access' } } })).toBe(false);
    expect(check({ model: 'any-model', sandbox_mode: 'workspace-write' })).toBe(true);
  });
});
