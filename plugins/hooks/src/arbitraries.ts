import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import type { GroupView, Handler, HookGroup } from './config.js';
import { eventLabel, type HookEvent } from './events.js';
import type { HookMap, HookSettings, HookState } from './provider.js';
import type { HooksRequirement, ManagedHooks } from './requirements.js';

/** A few events: two that match on the tool name, one whose matcher is ignored. */
export const LAW_EVENTS = ['PreToolUse', 'PostToolUse', 'Stop'] as const satisfies readonly HookEvent[];
export const MANAGED_DIR = '/managed';
/** The label the law suite parses printed requirements under; generated managed groups carry it as their source. */
export const LAW_SOURCE = 'law-suite';
export const USER_SOURCE = 'config.toml';

const MATCHERS = ['Bash', '^Bash$', 'Edit|Write', '*'] as const;
const MANAGED_COMMANDS = ['/managed/audit.sh', 'python3 /managed/policy.py', '/managed/notify.sh --quiet'] as const;
const USER_COMMANDS = ['/home/dev/hooks/log.sh', 'python3 /home/dev/hooks/audit.py', 'echo done'] as const;

/** A handler as parse makes it: a command with a timeout of at least 1 (optional extras), or a deferred prompt/agent. */
const handlerArbitrary = (commands: readonly string[]): fc.Arbitrary<Handler> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .record(
          {
            command: fc.constantFrom(...commands),
            timeout: fc.constantFrom(1, 30, 600),
            async: fc.constant(true as const),
            statusMessage: fc.constantFrom('Checking', 'Auditing'),
          },
          { requiredKeys: ['command', 'timeout'] },
        )
        .map((h): Handler => ({ type: 'command', ...h })),
    },
    { weight: 1, arbitrary: fc.constantFrom<Handler>({ type: 'prompt' }, { type: 'agent' }) },
  );

interface GroupShape {
  readonly matcher?: string;
  readonly hooks: readonly Handler[];
}

const shapeArbitrary = (commands: readonly string[], minHandlers: number): fc.Arbitrary<GroupShape> =>
  fc.record(
    {
      matcher: fc.constantFrom(...MATCHERS),
      hooks: fc.array(handlerArbitrary(commands), { minLength: minHandlers, maxLength: 2 }),
    },
    { requiredKeys: ['hooks'] },
  );

/** Managed groups that recur, so user maps often hold exact copies of what a requirement lists. */
const TEMPLATES: readonly GroupShape[] = [
  { matcher: 'Bash', hooks: [{ type: 'command', command: '/managed/audit.sh', timeout: 30 }] },
  {
    hooks: [
      { type: 'command', command: 'python3 /managed/policy.py', timeout: 600, statusMessage: 'Checking' },
      { type: 'prompt' },
    ],
  },
];
const templateArbitrary = fc.constantFrom(...TEMPLATES);
const managedShapeArbitrary = fc.oneof(
  { weight: 2, arbitrary: templateArbitrary },
  { weight: 1, arbitrary: shapeArbitrary(MANAGED_COMMANDS, 0) },
);

/** Per event, a list of group shapes; keys are `<keyPath>:<event label>:<index>`, as parseEvents numbers them. */
const groupsArbitrary = (shape: fc.Arbitrary<GroupShape>, keyPath: string, source: string, managed: boolean) =>
  fc
    .record(
      Object.fromEntries(LAW_EVENTS.map((e) => [e, fc.array(shape, { maxLength: 2 })])) as Record<
        HookEvent,
        fc.Arbitrary<GroupShape[]>
      >,
      { requiredKeys: [] },
    )
    .map((byEvent) =>
      LAW_EVENTS.flatMap((event) =>
        (byEvent[event] ?? []).map((shape, i): HookGroup => ({
          event,
          ...(shape.matcher !== undefined && { matcher: shape.matcher }),
          hooks: shape.hooks,
          source,
          managed,
          key: `${keyPath}:${eventLabel(event)}:${i}`,
        })),
      ),
    );

/** One requirements layer's `[hooks]`, as parseManagedHooks makes it (a group may have no handlers, as `[[hooks.Stop]]` alone). */
export const managedHooksArbitrary: fc.Arbitrary<ManagedHooks> = groupsArbitrary(
  managedShapeArbitrary,
  MANAGED_DIR,
  LAW_SOURCE,
  true,
).map((groups) => ({
  groups,
  dirs: [{ managed_dir: MANAGED_DIR, source: LAW_SOURCE }],
}));

export const requirementArbitrary: fc.Arbitrary<Partial<HooksRequirement>> = fc.record(
  { hooks: managedHooksArbitrary, allow_managed_hooks_only: fc.boolean() },
  { requiredKeys: [] },
);

const viewOfGroup = ({ event: _event, ...view }: HookGroup): GroupView => view;

/**
 * A managed group as a requirements layer would make it (same pool, source and keys), so it often equals one
 * the requirement holds: what the legacy managed config layer, or feeding a resolved value back, produces.
 */
const managedCopyArbitrary = groupsArbitrary(templateArbitrary, MANAGED_DIR, LAW_SOURCE, true);

const stateArbitrary: fc.Arbitrary<HookState> = fc.dictionary(
  fc
    .tuple(fc.constantFrom(USER_SOURCE, MANAGED_DIR), fc.constantFrom(...LAW_EVENTS), fc.nat(1), fc.nat(1))
    .map(([path, event, group, handler]) => `${path}:${eventLabel(event)}:${group}:${handler}`),
  fc.oneof(fc.constant({ enabled: false }), fc.constant({ enabled: true }), fc.constant({})),
  { maxKeys: 3 },
);

/**
 * A user's `[hooks]` after parsing: non-managed groups from config.toml, sometimes copies of managed groups
 * (before or after the user's own, as config layers append), sometimes `state` entries turning handlers off by key.
 */
export const hookMapArbitrary: fc.Arbitrary<HookMap> = fc
  .tuple(
    groupsArbitrary(shapeArbitrary(USER_COMMANDS, 0), USER_SOURCE, USER_SOURCE, false),
    fc.option(managedCopyArbitrary, { nil: undefined }),
    fc.boolean(),
    fc.option(stateArbitrary, { nil: undefined }),
  )
  .map(([user, copies, copiesFirst, state]) => {
    const groups = copies === undefined ? user : copiesFirst ? [...copies, ...user] : [...user, ...copies];
    const map: Record<string, unknown> = {};
    for (const g of groups) ((map[g.event] ??= []) as GroupView[]).push(viewOfGroup(g));
    if (state !== undefined) map.state = state;
    return map;
  });

/**
 * Law generators for the hooks provider. The dependency is always `features.hooks = true`: with the feature off
 * Codex runs no hooks at all, managed ones included (documented: pin `[features].hooks = true` to enforce them),
 * so a requirement cannot be met then; that gate is tested separately (resolve.test.ts), outside the value laws.
 */
export const hooksArbitraries: LawArbitraries<HooksRequirement, HookSettings> = {
  requirement: requirementArbitrary,
  requested: fc.record({ hooks: hookMapArbitrary }, { requiredKeys: [] }),
  dependencies: fc.constant({ 'features.hooks': true }),
};
