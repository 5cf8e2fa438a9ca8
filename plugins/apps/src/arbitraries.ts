import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { UserApp, UserTool } from './config.js';
import type { AppsSettings } from './provider.js';
import {
  APPROVAL_MODES,
  type AppRequirement,
  type AppsRequirement,
  type ResultSource,
  type ToolRequirement,
} from './requirement.js';

export const APP_IDS = ['connector_123123', 'other_connector', 'docs'] as const;
export const TOOLS = ['calendar/list_events', 'mail/send'] as const;
const SOURCES: readonly ResultSource[] = [
  { format: 'detailed_message_search_v1', type: 'message_id' },
  { format: 'future_v2', type: 'doc' },
];

const mode = fc.constantFrom(...APPROVAL_MODES);
const source = fc.constantFrom(...SOURCES);

/** Tool pins: the approval mode often, the analytics source now and then. */
export const toolRequirementArbitrary: fc.Arbitrary<ToolRequirement> = fc
  .tuple(fc.option(mode, { freq: 3, nil: undefined }), fc.option(source, { freq: 1, nil: undefined }))
  .map(([m, s]) => ({
    ...(m !== undefined && { approval_mode: m }),
    ...(s !== undefined && { analytics_result_source: s }),
  }));

/** One app's requirement over small pools, so user configurations often (but not always) meet it. */
export const appRequirementArbitrary: fc.Arbitrary<AppRequirement> = fc.record(
  { enabled: fc.boolean(), tools: fc.dictionary(fc.constantFrom(...TOOLS), toolRequirementArbitrary, { maxKeys: 2 }) },
  { requiredKeys: [] },
);

export const appsRequirementArbitrary: fc.Arbitrary<Partial<AppsRequirement>> = fc.record(
  { apps: fc.dictionary(fc.constantFrom(...APP_IDS), appRequirementArbitrary, { maxKeys: 2 }) },
  { requiredKeys: [] },
);

const userTool: fc.Arbitrary<UserTool> = fc.record(
  { enabled: fc.boolean(), approval_mode: mode, analytics_result_source: source },
  { requiredKeys: ['approval_mode'] },
);

/** A configured app, with a key requirements never touch (kept as written). */
export const userAppArbitrary: fc.Arbitrary<UserApp> = fc.record(
  {
    enabled: fc.boolean(),
    tools: fc.dictionary(fc.constantFrom(...TOOLS), userTool, { maxKeys: 2 }),
    destructive_enabled: fc.boolean(),
  },
  { requiredKeys: [] },
);

export const userAppsArbitrary = fc.dictionary(fc.constantFrom(...APP_IDS), userAppArbitrary, { maxKeys: 3 });

/**
 * User apps that often meet a requirement: half the time one built to meet a random requirement (resolving
 * disables and pins into random apps by hand), otherwise any apps at all.
 */
const meetingApps = fc.tuple(appsRequirementArbitrary, userAppsArbitrary).map(([r, apps]) => {
  const out: Record<string, UserApp> = { ...apps };
  for (const [id, req] of Object.entries(r.apps ?? {})) {
    const decided = out[id]?.enabled !== undefined;
    let app: UserApp = {
      ...out[id],
      ...(req.enabled === false && { enabled: false }),
      ...(req.enabled === true && !decided && { enabled: true }),
    };
    for (const [tool, pins] of Object.entries(req.tools ?? {}))
      app = { ...app, tools: { ...app.tools, [tool]: { ...app.tools?.[tool], ...pins } as UserTool } };
    out[id] = app;
  }
  return out;
});

/** Law generators for the apps provider. */
export const appsArbitraries: LawArbitraries<AppsRequirement, AppsSettings> = {
  requirement: appsRequirementArbitrary,
  requested: fc.record({ apps: fc.oneof(userAppsArbitrary, meetingApps) }, { requiredKeys: [] }),
};
