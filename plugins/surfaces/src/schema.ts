import type { JsonSchema } from '@ratchet/core';
import { AUTH_STORES } from './exact.js';
import { schemaOf } from './shape.js';
import {
  AUTO_REVIEW,
  BROWSER_USE,
  COMPUTER_USE,
  FEEDBACK,
  IN_APP_BROWSER,
  MARKETPLACES,
  MODELS,
  OTEL,
} from './tables.js';

const REPORTED = 'Validated and reported as an effective runtime value; Ratchet does not enforce it.';
const EXACT = "Replaces the user's config.toml value.";

/** JSON Schema of the surfaces provider's requirement keys. */
export const surfacesSchema: JsonSchema = {
  properties: {
    cli_auth_credentials_store: { enum: [...AUTH_STORES], description: `${EXACT} Cloud layers cannot set it.` },
    chatgpt_base_url: { type: 'string', description: `${EXACT} Cloud layers cannot set it.` },
    sqlite_home: {
      type: 'string',
      description: `${EXACT} Relative paths resolve against the requirements file's folder; ~ is the home folder.`,
    },
    log_dir: {
      type: 'string',
      description: `${EXACT} Relative paths resolve against the requirements file's folder; ~ is the home folder.`,
    },
    model_catalog_json: {
      type: 'string',
      description: `${EXACT} Relative paths resolve against the requirements file's folder; ~ is the home folder.`,
    },
    check_for_update_on_startup: { type: 'boolean', description: EXACT },
    allow_login_shell: { type: 'boolean', description: EXACT },
    feedback: schemaOf(FEEDBACK, `enabled ${EXACT.toLowerCase()}`),
    allow_appshots: { type: 'boolean', description: REPORTED },
    allow_remote_control: { type: 'boolean', description: REPORTED },
    allow_browser_and_computer_use: { type: 'boolean', description: REPORTED },
    unsafe_enforce_sqlite_journal_mode: { type: 'boolean', description: REPORTED },
    computer_use: schemaOf(COMPUTER_USE, REPORTED),
    browser_use: schemaOf(BROWSER_USE, REPORTED),
    in_app_browser: schemaOf(IN_APP_BROWSER, REPORTED),
    marketplaces: schemaOf(MARKETPLACES, `Unknown fields are errors. ${REPORTED}`),
    auto_review: schemaOf(
      AUTO_REVIEW,
      `required_on_models lists bare model slugs (no /, no surrounding whitespace) and is unioned across layers. ${REPORTED}`,
    ),
    models: schemaOf(MODELS, `new_thread holds initial values for new threads. ${REPORTED}`),
    additional_developer_instructions: { type: 'string', description: REPORTED },
    otel: schemaOf(
      OTEL,
      `Unknown fields are errors. Each field set replaces the user's otel.<field>; cloud layers cannot set the headers helper.`,
    ),
  },
};
