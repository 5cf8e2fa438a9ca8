import { hasStackTrace, runRatchet, tmpDir } from '@ratchet/test-utils';
import { partialMismatch } from './match.js';
import { HELD_STRICTER } from './stricter.js';
import type { Vector } from './vectors.js';

const RANK = ['none', 'allow', 'prompt', 'forbidden'];

/**
 * The vector the runner holds: a shared vector listed in HELD_STRICTER expects the stricter decision given there,
 * never a looser one.
 */
export function heldVector(vector: Vector, shared: boolean): { vector: Vector; problems: string[] } {
  const held = shared && Object.hasOwn(HELD_STRICTER, vector.id) ? HELD_STRICTER[vector.id] : undefined;
  if (!held) return { vector, problems: [] };
  const looser = RANK.indexOf(held.decision) <= RANK.indexOf(vector.expect.decision ?? 'none');
  return {
    vector: { ...vector, expect: { ...vector.expect, decision: held.decision } },
    problems: looser ? [`HELD_STRICTER gives ${held.decision}, not stricter than ${vector.expect.decision}`] : [],
  };
}

/** Runs one vector through the `ratchet` command; returns the reasons it failed (empty when it passed). */
export async function runVector(vector: Vector): Promise<string[]> {
  const dir = tmpDir('ratchet-vector-');
  try {
    const layers = (vector.requirements ?? []).flatMap((text, i) => [
      '--requirements',
      dir.write(`layer-${i}.toml`, text),
    ]);
    const common = [...layers, ...(layers.length === 0 ? ['--no-default-sources'] : [])];
    const args =
      vector.kind === 'check'
        ? [
            'check',
            ...common,
            ...(vector.rules ?? []).flatMap((text, i) => ['--rules', dir.write(`user-${i}.rules`, text)]),
            '--json',
            '--',
            ...(vector.command ?? []),
          ]
        : ['resolve', ...common, '--config', dir.write('config.toml', vector.config ?? ''), '--json'];
    if (vector.hostname !== undefined) args.splice(1, 0, '--hostname', vector.hostname);
    if (vector.profile !== undefined) args.splice(1, 0, '--profile', vector.profile);
    const result = await runRatchet(args, { cwd: dir.path });
    return judge(vector, result);
  } finally {
    dir.remove();
  }
}

function judge(vector: Vector, result: { status: number; stdout: string; stderr: string }): string[] {
  const { expect } = vector;
  const problems: string[] = [];
  const exit = expect.exit ?? 0;
  if (result.status !== exit) problems.push(`exit ${result.status}, expected ${exit}; stderr: ${result.stderr.trim()}`);
  if (hasStackTrace(result.stderr)) problems.push('stderr shows a stack trace');
  for (const text of expect.stderr_contains ?? []) {
    if (!result.stderr.includes(text)) problems.push(`stderr lacks ${JSON.stringify(text)}: ${result.stderr.trim()}`);
  }
  if (result.status !== 0 || problems.length > 0) return problems;
  let output: { effective?: unknown; warnings?: { key: string | null }[]; decision?: string };
  try {
    output = JSON.parse(result.stdout) as typeof output;
  } catch {
    return [`stdout is not JSON: ${result.stdout.slice(0, 200)}`];
  }
  if (expect.effective) {
    const unordered = /order[^.]*not be treated as significant/.test(vector.note ?? '');
    const miss = partialMismatch(expect.effective, output.effective, 'effective', unordered);
    if (miss) problems.push(miss);
  }
  const warned = new Set((output.warnings ?? []).map((w) => w.key));
  for (const key of expect.warned_keys ?? []) {
    if (!warned.has(key)) problems.push(`no warning names ${key}; warnings: ${JSON.stringify(output.warnings)}`);
  }
  for (const prefix of expect.warned_key_prefixes ?? []) {
    if (![...warned].some((key) => key?.startsWith(prefix)))
      problems.push(`no warning is about ${prefix}; warnings: ${JSON.stringify(output.warnings)}`);
  }
  for (const key of expect.not_warned_keys ?? []) {
    if (warned.has(key)) problems.push(`a warning names ${key}: ${JSON.stringify(output.warnings)}`);
  }
  for (const path of expect.absent_paths ?? []) {
    let node: unknown = output.effective;
    for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    if (node !== undefined) problems.push(`effective.${path} should be absent, is ${JSON.stringify(node)}`);
  }
  if (expect.decision !== undefined && output.decision !== expect.decision) {
    problems.push(`decision ${output.decision}, expected ${expect.decision}`);
  }
  return problems;
}
