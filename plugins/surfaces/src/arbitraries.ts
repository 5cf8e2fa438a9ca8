import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import { AUTH_STORES, type AuthStore, type ExactType } from './exact.js';
import type { SurfacesSettings } from './provider.js';
import {
  FLAGS,
  INSTRUCTIONS,
  IGNORE_RULES,
  REQUIRED_ON_MODELS,
  TABLES,
  type SurfacesRequirement,
} from './requirement.js';
import type { Shape } from './shape.js';
import { OTEL } from './tables.js';

const words = fc.constantFrom('alpha', 'beta', 'https://git.example.com/org/plugins.git');

/** Values of a shape, from small pools so that layers often agree and often differ. */
export function arbitraryOf(shape: Shape): fc.Arbitrary<unknown> {
  switch (shape.kind) {
    case 'bool':
      return fc.boolean();
    case 'string':
      return words;
    case 'enum':
      return fc.constantFrom(...shape.values);
    case 'int':
      return fc.integer({ min: shape.min, max: shape.min + 3 });
    case 'variant':
      return fc.constantFrom(...shape.units);
    case 'list':
      return fc.array(arbitraryOf(shape.of), { maxLength: 2 });
    case 'map':
      return fc.dictionary(fc.constantFrom('one', 'two', 'https://a.example'), arbitraryOf(shape.of), { maxKeys: 2 });
    case 'struct': {
      const fields = Object.fromEntries(
        Object.entries(shape.fields).map(([name, field]) => [name, arbitraryOf(field)]),
      );
      return fc.record(fields, { requiredKeys: [...(shape.required ?? [])] });
    }
  }
}

/** Values of an exact-value key, requirement or user side alike (paths absolute, as parse leaves them). */
export function exactArbitrary(type: ExactType): fc.Arbitrary<unknown> {
  if (type === 'bool') return fc.boolean();
  if (type === 'auth') return fc.constantFrom<AuthStore>(...AUTH_STORES);
  if (type === 'path') return fc.constantFrom('/var/lib/codex', '/srv/codex');
  return fc.constantFrom('https://chatgpt.com', 'https://chat.example.com');
}

const slugs = fc.array(fc.constantFrom('gpt-5', 'gpt-5.2', 'o3'), { maxLength: 3 });

/** The exact-value keys both sides carry (requirements pin them, users set them), but `feedback.enabled`. */
const exactValues = {
  cli_auth_credentials_store: exactArbitrary('auth'),
  chatgpt_base_url: exactArbitrary('string'),
  sqlite_home: exactArbitrary('path'),
  log_dir: exactArbitrary('path'),
  model_catalog_json: exactArbitrary('path'),
  check_for_update_on_startup: fc.boolean(),
  allow_login_shell: fc.boolean(),
};

/** Required `[otel]` tables from a small pool, and users' tables that often hold the required fields. */
const otelTables = fc.constantFrom({}, { environment: 'prod' }, { log_user_prompt: false });
const userOtel = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ environment: 'prod', log_user_prompt: false }) },
  { weight: 1, arbitrary: fc.constant({ environment: 'dev' }) },
);

/** Generators for the surfaces provider's laws. */
export const surfacesArbitraries: LawArbitraries<SurfacesRequirement, SurfacesSettings> = {
  requirement: fc.record(
    {
      ...exactValues,
      feedback: fc.record({ enabled: fc.boolean() }, { requiredKeys: [] }),
      ...Object.fromEntries(FLAGS.map((flag) => [flag, fc.boolean()])),
      ...Object.fromEntries(Object.entries(TABLES).map(([key, shape]) => [key, arbitraryOf(shape)])),
      otel: fc.oneof({ weight: 9, arbitrary: otelTables }, { weight: 1, arbitrary: arbitraryOf(OTEL) }),
      [REQUIRED_ON_MODELS]: slugs,
      [IGNORE_RULES]: fc.array(words, { maxLength: 2 }),
      [INSTRUCTIONS]: fc.constantFrom('Follow the security policy.', 'Never push to main.'),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Partial<SurfacesRequirement>>,
  requested: fc.record(
    {
      ...exactValues,
      'feedback.enabled': fc.boolean(),
      otel: userOtel,
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Partial<SurfacesSettings>>,
};
