import type { Policy } from '@ratchet/core';
import { diffPolicies, setUpQuestions, type PolicyDiff, type Witness } from '@ratchet/toolkit';
import { parseFlags, UsageError } from '../args.js';
import { diffFlags } from '../command-table.js';
import { cliHost, loadPolicy, type PolicyFlags } from '../host.js';
import { line, type Output } from '../output.js';
import { userRulesTexts } from '../rules-files.js';

/** A side of the diff: one requirements file, or layers joined with commas (highest precedence first). */
export function layersOf(spec: string, which: string): string[] {
  const layers = spec.split(',').filter((l) => l !== '');
  if (layers.length === 0) throw new UsageError(`${which} names no requirements file`);
  return layers;
}

/** The flags that load one side's layers (and nothing from the default sources). */
export function sideFlags(layers: readonly string[], values: { hostname?: string; strict: boolean }): PolicyFlags {
  return {
    requirements: layers,
    noDefaultSources: true,
    overrides: [],
    strict: values.strict,
    ...(values.hostname !== undefined && { hostname: values.hostname }),
  };
}

const witnessJson = (w: Witness) => ({ key: w.key, input: w.input, old: w.old, new: w.new, case: w.case });

function render(diff: PolicyDiff, max: number, out: Output): void {
  const width = Math.max(...diff.providers.map((p) => p.provider.length));
  const shown = (list: readonly Witness[], mark: string) => {
    for (const w of list.slice(0, max)) line(out, `    ${mark} ${w.input}: ${w.old} -> ${w.new}`);
    if (list.length > max) line(out, `    ${mark} ... ${list.length - max} more (--json lists them all)`);
  };
  for (const p of diff.providers.filter((p) => p.status !== 'unchanged')) {
    line(out, `${p.provider.padEnd(width)}  ${p.status}: ${p.basis}`);
    shown(p.loosened, '+');
    shown(p.tightened, '-');
  }
  const count = (status: string) => diff.providers.filter((p) => p.status === status).length;
  const unchanged = diff.providers.filter((p) => p.status === 'unchanged').map((p) => p.provider);
  if (unchanged.length > 0) line(out, `unchanged: ${unchanged.join(', ')}`);
  line(
    out,
    `${count('loosened')} loosened, ${count('changed')} changed without a proof, ${count('tightened')} tightened, ` +
      `${unchanged.length} unchanged (${diff.probes} probes)${diff.loosens ? '' : ': nothing loosens'}`,
  );
}

/**
 * `ratchet diff OLD NEW [--rules FILE]... [--hostname NAME] [--strict] [--json]`: how NEW moved from OLD, provider
 * by provider, with a witness for every loosening (`+`) and tightening (`-`). Exit 1 when anything loosens.
 */
export async function diffCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, diffFlags);
  if (positionals.length !== 2)
    throw new UsageError('diff needs OLD and NEW, each a requirements file or layers joined with commas');
  const max = Number(values['max-witnesses']);
  if (!Number.isInteger(max) || max < 0) throw new UsageError('--max-witnesses must be a whole number');
  const [older, newer] = await Promise.all(
    positionals.map((spec, i): Promise<Policy> =>
      loadPolicy(sideFlags(layersOf(spec, i === 0 ? 'OLD' : 'NEW'), values), err),
    ),
  );
  await setUpQuestions([older!, newer!]);
  const diff = diffPolicies(older!, newer!, {
    // The requirements are compared on their own unless user rules are named: a user's rule could hide a loosening.
    rulesFiles: values.rules.length > 0 ? userRulesTexts(values.rules, sideFlags([], values)) : [],
    cwd: process.cwd(),
    homedir: cliHost().platform.homedir,
  });
  if (values.json) {
    const document = {
      loosens: diff.loosens,
      probes: diff.probes,
      providers: diff.providers.map((p) => ({
        provider: p.provider,
        status: p.status,
        basis: p.basis,
        loosened: p.loosened.map(witnessJson),
        tightened: p.tightened.map(witnessJson),
      })),
    };
    line(out, JSON.stringify(document, null, 2));
  } else render(diff, max, out);
  return diff.loosens ? 1 : 0;
}
