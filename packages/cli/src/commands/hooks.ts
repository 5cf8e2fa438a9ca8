import { isTable, policyHash, readTextFile, throwIfErrors, type Policy, type Resolved } from '@ratchet/core';
import { EVENTS, HOOKS, HookRunner, isEvent, type HookEvent, type HookRunResult } from '@ratchet/plugin-hooks';
import { parseFlags, policyFlags, UsageError } from '../args.js';
import { hookFlags } from '../command-table.js';
import { recordDecision, ruleAt } from '../decision-log.js';
import { resolveFlags } from '../host.js';
import { decisionText, line, type Output } from '../output.js';
import { warningsJson } from '../render/report.js';

/** The payload from `--payload JSON` or `--payload @FILE`; it must be a JSON object. */
function payloadOf(text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let raw = text;
  if (text.startsWith('@')) {
    const read = readTextFile(text.slice(1), { tooLargeFix: 'keep the payload small' });
    if (!read.ok) throwIfErrors([read.diagnostic]);
    raw = read.ok ? read.text : '';
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new UsageError('--payload must be a JSON object (or @FILE holding one)');
  }
  if (!isTable(parsed)) throw new UsageError('--payload must be a JSON object');
  return parsed;
}

function render(result: HookRunResult, out: Output): void {
  line(out, `decision: ${decisionText(out, result.decision)}${result.reason ? ` (${result.reason})` : ''}`);
  if (result.hooks.length === 0) line(out, '  no hook matched');
  for (const h of result.hooks) {
    const how =
      h.skipped ??
      (h.timedOut ? 'timed out, killed' : h.exitCode !== null ? `exit ${h.exitCode}` : `signal ${h.signal}`);
    const what = h.outcome.reason ?? h.outcome.message ?? '';
    line(
      out,
      `  ${h.outcome.kind.padEnd(6)} ${h.key}  (${h.managed ? 'managed' : 'user'}, ${h.source})  ${how}, ${Math.round(h.durationMs)} ms${what ? `: ${what}` : ''}`,
    );
  }
  for (const m of result.systemMessages) line(out, `  message: ${m}`);
}

/** Runs the hooks in force for `event` under the resolved configuration, recording the outcome in the decision log. */
export async function runHooks(
  policy: Policy,
  resolved: Resolved,
  event: HookEvent,
  payload: Record<string, unknown>,
  target: { readonly tool?: string | undefined; readonly source?: string | undefined },
): Promise<HookRunResult> {
  const runner = new HookRunner(resolved.value(HOOKS) ?? {}, { cwd: process.cwd() });
  const result = await runner.run(event, payload, {
    ...(target.tool !== undefined && { tool: target.tool }),
    ...(target.source !== undefined && { source: target.source }),
  });
  recordDecision({
    kind: 'hook',
    subject: `${event}${target.tool !== undefined ? ` ${target.tool}` : ''}`,
    decision: result.decision,
    rules: result.hooks.map((h) => ruleAt(h.key, h.source)),
    layers: [...new Set(result.hooks.filter((h) => h.managed).map((h) => h.source))],
    policy_hash: policyHash(policy.requirements),
    ...(result.reason !== undefined && { reason: result.reason }),
  });
  return result;
}

/** The `hooks run --json` document. */
export function hooksRunJson(result: HookRunResult, resolved: Resolved) {
  return { ...result, warnings: warningsJson(resolved.diagnostics) };
}

/** `ratchet hooks run EVENT [--tool NAME] [--source NAME] [--payload JSON|@FILE]`: run the hooks in force for an event. */
export async function hooksCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'run')
    throw new UsageError(
      sub === undefined ? 'hooks needs a subcommand: run' : `unknown hooks subcommand "${sub}" (try run)`,
    );
  const { values, positionals } = parseFlags(rest, hookFlags);
  const event = positionals[0];
  if (event === undefined || positionals.length > 1) throw new UsageError('hooks run takes exactly one EVENT');
  if (!isEvent(event)) throw new UsageError(`unknown event "${event}"; events: ${EVENTS.join(', ')}`);
  const payload = payloadOf(values.payload);
  const { policy, resolved } = await resolveFlags(policyFlags(values), err);
  const result = await runHooks(policy, resolved, event, payload, values);
  if (values.json) line(out, JSON.stringify(hooksRunJson(result, resolved), null, 2));
  else render(result, out);
  return 0;
}
