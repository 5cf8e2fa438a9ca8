import { relative } from 'node:path';
import type { Policy } from '@ratchet/core';
import {
  findCorpus,
  readLog,
  setUpQuestions,
  simulate,
  type Counted,
  type CorpusConfig,
  type Simulation,
} from '@ratchet/toolkit';
import { parseFlags, policyFlags, UsageError } from '../args.js';
import { simulateFlags } from '../command-table.js';
import { cliHost, loadPolicy, type PolicyFlags } from '../host.js';
import { line, type Output } from '../output.js';
import { table } from '../render/table.js';
import { userRulesTexts } from '../rules-files.js';

const number = (n: number) => n.toLocaleString('en-US');

/** A progress bar on stderr, redrawn in place; only when stderr is a terminal. */
function progressBar(err: Output): ((done: number, total: number) => void) | undefined {
  if ((err as { isTTY?: boolean }).isTTY !== true) return undefined;
  return (done, total) => {
    const share = total === 0 ? 1 : done / total;
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30);
    err.write(`\r[${bar}] ${Math.floor(share * 100)}% ${number(done)}/${number(total)} commands`);
    if (done >= total) err.write('\n');
  };
}

function examples<E>(c: Counted<E>, text: (e: E) => string): string {
  return c.examples.map((e) => `\n  e.g. ${text(e)}`).join('');
}

function render(sim: Simulation, withCandidate: boolean, out: Output): void {
  const { configs, commands } = sim;
  line(
    out,
    `corpus: ${number(configs.total)} configs, ${number(commands.total)} commands (${number(commands.distinct)} distinct)`,
  );
  const side = (row: { current: number; candidate?: number }) =>
    withCandidate ? [number(row.current), number(row.candidate ?? 0)] : [number(row.current)];
  const head = withCandidate ? ['POLICY', 'CANDIDATE'] : ['POLICY'];
  const replaced = Object.entries(configs.replaced).sort(([a], [b]) => a.localeCompare(b));
  if (replaced.length > 0) {
    line(out, '\nConfigs whose requested value is replaced, per key:');
    line(
      out,
      table(
        ['KEY', ...head],
        replaced.map(([key, row]) => [key, ...side(row)]),
      ),
    );
  }
  if (configs.failed.current.count > 0 || (configs.failed.candidate?.count ?? 0) > 0)
    line(
      out,
      `\nConfigs that do not load: ${number(configs.failed.current.count)}${withCandidate ? ` under the policy, ${number(configs.failed.candidate?.count ?? 0)} under the candidate` : ''}` +
        examples(
          configs.failed.candidate?.count ? configs.failed.candidate : configs.failed.current,
          (e) => `${e.config}: ${e.to}`,
        ),
    );
  if (withCandidate) {
    const changed = Object.entries(configs.changed).sort(([a], [b]) => a.localeCompare(b));
    line(out, `\nConfigs whose effective value the candidate changes, per key:${changed.length === 0 ? ' none' : ''}`);
    if (changed.length > 0)
      line(
        out,
        table(
          ['KEY', 'CONFIGS', 'EXAMPLES'],
          changed.map(([key, c]) => [
            key,
            number(c.count),
            c.examples.map((e) => `${e.config}: ${e.from} -> ${e.to}`).join('; '),
          ]),
        ),
      );
  }
  line(out, '\nCommands per decision:');
  const decisions = Object.entries(commands.decisions).sort(([a], [b]) => a.localeCompare(b));
  line(
    out,
    table(
      ['DECISION', ...head],
      decisions.map(([d, row]) => [d, ...side(row)]),
    ),
  );
  if (!withCandidate) return;
  for (const [title, groups] of [
    ['stricter', commands.stricter],
    ['looser', commands.looser],
  ] as const) {
    const entries = Object.entries(groups);
    if (entries.length === 0) line(out, `\nCommands the candidate decides ${title}: none`);
    for (const [decision, c] of entries)
      line(
        out,
        `\nNewly ${decision} under the candidate (${title}): ${number(c.count)}` +
          examples(c, (e) => `${e.file}:${e.line} ${e.command} (${e.from} -> ${e.to})`),
      );
  }
}

/**
 * `ratchet simulate --corpus PATH [--candidate FILE]... [policy options] [--rules FILE]... [--json]`: the policy (and a
 * candidate, whose layers replace the --requirements layers) over a corpus of config.toml files and command logs.
 */
export async function simulateCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, simulateFlags);
  if (positionals.length > 0) throw new UsageError(`simulate takes no arguments (got "${positionals[0]}")`);
  if (values.corpus === undefined)
    throw new UsageError('simulate needs --corpus PATH (a folder of *.toml and *.jsonl)');
  const keep = Number(values.examples);
  if (!Number.isInteger(keep) || keep < 0) throw new UsageError('--examples must be a whole number');
  let corpus;
  try {
    corpus = findCorpus(values.corpus);
  } catch {
    throw new UsageError(`--corpus ${values.corpus}: no such file or folder`);
  }
  if (corpus.configs.length === 0 && corpus.logs.length === 0)
    throw new UsageError(`--corpus ${values.corpus} holds no config (*.toml) and no command log (*.jsonl)`);
  const flags = policyFlags({ ...values, config: undefined });
  const current = await loadPolicy(flags, err);
  const candidateFlags: PolicyFlags = { ...flags, requirements: values.candidate, noDefaultSources: true };
  const candidate: Policy | undefined = values.candidate.length > 0 ? await loadPolicy(candidateFlags, err) : undefined;
  const question = current.providers.flatMap((p) => p.questions ?? []).find((q) => q.name === 'command');
  if (!question && corpus.logs.length > 0)
    throw new UsageError('no loaded provider answers commands (the command question)');
  await setUpQuestions(candidate ? [current, candidate] : [current]);
  const host = cliHost();
  const configs: CorpusConfig[] = corpus.configs.map((file) => ({
    name: relative(process.cwd(), file) || file,
    load: (policy) =>
      host.userConfig({
        file,
        fileRequired: true,
        ...(flags.profile !== undefined && { profile: flags.profile }),
        overrides: flags.overrides,
        managedConfigs: policy.requirements.managedConfigs,
      }),
  }));
  const progress = progressBar(err);
  const sim = simulate({
    current,
    ...(candidate && { candidate }),
    configs,
    logs: corpus.logs.map((path) => readLog(path)),
    question: question!,
    session: {
      // Only the rules files named: the rules folders of whoever runs the simulation are not the corpus's users'.
      rulesFiles: values.rules.length > 0 ? userRulesTexts(values.rules, flags) : [],
      cwd: process.cwd(),
      homedir: host.platform.homedir,
    },
    examples: keep,
    ...(progress && { onProgress: progress }),
  });
  if (values.json) line(out, JSON.stringify(sim, null, 2));
  else render(sim, candidate !== undefined, out);
  return 0;
}
