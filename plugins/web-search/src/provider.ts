import { createProvider, expectEnum, expectEnumList, pickAllowed, type Decision } from '@ratchet/core';
import { SANDBOX_MODE } from '@ratchet/plugin-sandbox/keys';
import {
  FALLBACK_ORDER,
  firstAllowed,
  FULL_ACCESS_ORDER,
  modeAllowed,
  TURN_ORDER,
  WEB_SEARCH_MODES,
  type WebSearchMode,
} from './modes.js';
import { LEGACY_KEYS, requestedMode } from './legacy.js';
import { WEB_SEARCH_PROVIDER } from './keys.js';
import { webSearchSchema } from './schema.js';

/** What requirements say about web search; the list always includes `disabled` once parsed. */
export interface WebSearchRequirement {
  readonly allowed_web_search_modes?: readonly WebSearchMode[];
}

/** The web search setting a user configures. */
export interface WebSearchSettings {
  readonly web_search: WebSearchMode;
}

/** The web search provider: allowed modes, and the mode a turn uses given the effective sandbox and feature flags. */
export function webSearchProvider() {
  return createProvider({
    key: WEB_SEARCH_PROVIDER,
    docs: {
      summary: 'Constrains web_search to allowed_web_search_modes and decides web_search_for_turn.',
      description:
        '"disabled" is always allowed, so an empty list means disabled only. A disallowed mode falls back to cached, ' +
        'then indexed, then live, then disabled. Under danger-full-access a turn prefers live, then cached, then ' +
        'disabled, unless the user chose disabled. Without an explicit web_search, the deprecated feature flags ' +
        'web_search_cached and web_search_request (or its older name web_search) pick cached or live, read after ' +
        'requirement pins apply to them.',
    },
    after: ['sandbox', 'features'],
    requirementKeys: ['allowed_web_search_modes'],
    fields: {
      allowed_web_search_modes: { docs: 'Web search modes users may select; disabled is always allowed.' },
    },
    settings: {
      web_search: {
        configKey: 'web_search',
        docs: 'Whether and how the agent searches the web.',
        constrainedBy: ['allowed_web_search_modes'],
        parse: (raw, key, report) => expectEnum(raw, key, report, WEB_SEARCH_MODES),
        schema: { enum: [...WEB_SEARCH_MODES] },
        legacyKeys: LEGACY_KEYS,
      },
    },
    outputs: ['web_search_for_turn'],
    schema: webSearchSchema,
    parse(slice, { report }) {
      if (slice.allowed_web_search_modes === undefined) return {};
      const modes = expectEnumList(
        slice.allowed_web_search_modes,
        'allowed_web_search_modes',
        report,
        WEB_SEARCH_MODES,
      );
      if (!modes) return {};
      const withDisabled: WebSearchMode[] = modes.includes('disabled') ? modes : [...modes, 'disabled'];
      return { allowed_web_search_modes: withDisabled };
    },
    tighten(a, b) {
      const x = a.allowed_web_search_modes;
      const y = b.allowed_web_search_modes;
      if (!x) return y ? { allowed_web_search_modes: y } : {};
      return { allowed_web_search_modes: y ? x.filter((m) => modeAllowed(y, m)) : x };
    },
    allows(r, v) {
      return v.web_search === undefined || modeAllowed(r.allowed_web_search_modes, v.web_search);
    },
    resolve({ requirement: { value: r, origins }, requested, dependency }) {
      const list = r.allowed_web_search_modes;
      const { asked, derived } = requestedMode(requested.web_search, dependency);
      const picked = pickAllowed<WebSearchMode>({
        provider: 'web-search',
        key: 'web_search',
        requested: asked,
        defaultValue: derived?.mode ?? 'cached',
        field: list ? 'allowed_web_search_modes' : undefined,
        fieldValue: list,
        sources: origins.allowed_web_search_modes ?? [],
        allowed: (mode) => modeAllowed(list, mode),
        fallback: () => ({
          value: firstAllowed(list, FALLBACK_ORDER),
          rule: 'first allowed of cached, indexed, live, disabled',
        }),
        // Codex checks the web search value after defaults are applied, so a forbidden default warns too.
        defaultSeverity: 'warning',
      });
      const decision = derived
        ? {
            ...picked.decision,
            rule: picked.decision.rule.replace(/^default value/, `features.${derived.feature} is on`),
          }
        : picked.decision;
      const preferred = decision.value;
      const fullAccess = dependency(SANDBOX_MODE) === 'danger-full-access';
      let turn: Decision<WebSearchMode>;
      if (fullAccess && preferred !== 'disabled') {
        turn = {
          value: firstAllowed(list, FULL_ACCESS_ORDER),
          rule: 'danger-full-access: first allowed of live, cached, disabled',
        };
      } else if (modeAllowed(list, preferred)) {
        turn = { value: preferred, rule: 'the effective web_search' };
      } else {
        turn = { value: firstAllowed(list, TURN_ORDER), rule: 'first allowed of cached, live, disabled' };
      }
      return {
        values: {
          web_search: decision,
          web_search_for_turn: { ...turn, constrainedBy: list ? ['allowed_web_search_modes'] : [] },
        },
        diagnostics: picked.diagnostics,
      };
    },
    print(r) {
      return r.allowed_web_search_modes ? { allowed_web_search_modes: [...r.allowed_web_search_modes] } : {};
    },
  });
}
