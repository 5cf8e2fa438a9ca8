import { defineQuestion, expectString, type Policy } from '@ratchet/core';
import { EVENTS, isEvent, type HookEvent } from './events.js';
import { HOOKS, HOOKS_PROVIDER } from './keys.js';
import { HookRunner } from './runner/index.js';

interface HookQuery {
  readonly event: HookEvent;
  /** The tool name (or session source) the event's matchers are compared with. */
  readonly tool?: string;
}

/** A managed hook as answers name it: its event, its matcher and its command. */
const label = (event: HookEvent, matcher: string | undefined, command: string) =>
  `${event}${matcher ? `[${matcher}]` : ''}: ${command}`;

const managedGroups = (policy: Policy) => policy.requirementOf(HOOKS_PROVIDER).value.hooks?.groups ?? [];

/** `hook_event = "PreToolUse"` (with `tool = "Bash"`): the command hooks that run, managed first. */
export const hookEventQuestion = defineQuestion<HookQuery>({
  name: 'hook_event',
  docs: 'which hooks run for this event (and tool): their commands, managed first',
  queryKeys: ['tool'],
  order: 'matched',
  fields: ['hooks', 'allow_managed_hooks_only'],
  parse(raw, testCase, report) {
    const event = expectString(raw, 'hook_event', report);
    if (event === undefined) return undefined;
    if (!isEvent(event)) {
      report({
        severity: 'error',
        kind: 'unknown-value',
        key: 'hook_event',
        message: `unknown hook event "${event}"`,
        suggestion: `use one of ${EVENTS.join(', ')}`,
      });
      return undefined;
    }
    const tool = testCase.tool === undefined ? undefined : expectString(testCase.tool, 'tool', report);
    return { event, ...(tool !== undefined && { tool }) };
  },
  format: (q) => `hook event ${q.event}${q.tool === undefined ? '' : ` for ${q.tool}`}`,
  toCase: (q) => ({ hook_event: q.event, ...(q.tool !== undefined && { tool: q.tool }) }),
  prepare({ resolved }) {
    const runner = new HookRunner(resolved.value(HOOKS) ?? {});
    return (q) => {
      const matched = runner.matching(q.event, q.tool).map((m) => label(q.event, m.group.matcher, m.handler.command));
      return { decision: matched.length > 0 ? 'run' : 'none', rank: matched.length, matched };
    };
  },
  *probes(policies) {
    for (const event of EVENTS) {
      const tools = new Set<string>();
      for (const policy of policies)
        for (const g of managedGroups(policy))
          if (g.event === event) for (const name of (g.matcher ?? '').match(/\w+/g) ?? []) tools.add(name);
      yield { event };
      for (const tool of [...tools, 'RatchetProbe']) yield { event, tool };
    }
  },
  rules: (policy) =>
    managedGroups(policy).flatMap((g) =>
      g.hooks.flatMap((h) => (h.type === 'command' ? [label(g.event, g.matcher, h.command)] : [])),
    ),
});
