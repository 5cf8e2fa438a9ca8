import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readTomlFile, throwIfErrors } from '@ratchet/core';
import {
  parseSuite,
  report,
  REPORTERS,
  runSuite,
  setUpQuestions,
  type ReporterName,
  type SuiteResult,
  type TestSuite,
} from '@ratchet/toolkit';
import { parseFlags, UsageError } from '../args.js';
import { testFlags } from '../command-table.js';
import { cliHost, loadPolicy, type PolicyFlags } from '../host.js';
import { line, type Output } from '../output.js';
import { userRulesTexts } from '../rules-files.js';

/** Policy test files are named `*.test.toml`. */
const TEST_FILE = /\.test\.toml$/;

/** The test files a path names: the file itself, or every `*.test.toml` below a folder (dot folders and node_modules skipped). */
function testFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new UsageError(`no such file or folder: ${path}`);
  }
  if (!stat.isDirectory()) return [path];
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && TEST_FILE.test(entry.name)) found.push(full);
    }
  };
  walk(path);
  return found;
}

function readSuite(path: string): TestSuite {
  // Shown as the user named it (or as found below the folder they named).
  const name = path;
  const read = readTomlFile(path, 'error', name);
  if (read && !read.ok) throwIfErrors([read.diagnostic]);
  const questions = cliHost()
    .providers()
    .flatMap((p) => p.questions ?? []);
  const parsed = parseSuite(read && read.ok ? read.table : {}, name, questions);
  if ('problem' in parsed) throwIfErrors([parsed.problem]);
  return (parsed as { suite: TestSuite }).suite;
}

async function runOne(suite: TestSuite, err: Output): Promise<SuiteResult> {
  const flags: PolicyFlags = {
    requirements: suite.policy.requirements,
    noDefaultSources: true,
    overrides: [],
    strict: suite.policy.strict,
    ...(suite.policy.hostname !== undefined && { hostname: suite.policy.hostname }),
    ...(suite.policy.managedConfig !== undefined && { managedConfig: suite.policy.managedConfig }),
  };
  const policy = await loadPolicy(flags, err);
  if (suite.cases.some((c) => c.query)) await setUpQuestions([policy]);
  return runSuite(suite, {
    policy,
    session: {
      // A test names its rules files or has none: the user's own rules folders never leak into a policy test.
      rulesFiles: suite.policy.rules.length > 0 ? userRulesTexts(suite.policy.rules, flags) : [],
      cwd: process.cwd(),
      homedir: cliHost().platform.homedir,
    },
  });
}

/**
 * `ratchet test [PATH]... [--reporter text|json|junit|tap]`: runs policy test files (`*.test.toml`, docs/policy-tests.md)
 * against the policies they name. Exit 0 when every case passes, 1 when one fails, 2 for a malformed file.
 */
export async function testCommand(args: readonly string[], out: Output, err: Output): Promise<number> {
  const { values, positionals } = parseFlags(args, testFlags);
  const reporter = REPORTERS.find((r) => r === values.reporter);
  if (!reporter) throw new UsageError(`--reporter must be one of ${REPORTERS.join(', ')} (got "${values.reporter}")`);
  const files = (positionals.length > 0 ? positionals : ['.']).flatMap(testFiles);
  if (files.length === 0)
    throw new UsageError(`no policy test files (*.test.toml) under ${positionals.join(', ') || 'the current folder'}`);
  // Every file is read before any runs: a malformed one stops the run (exit 2) before a result is printed.
  const suites = files.map(readSuite);
  const results: SuiteResult[] = [];
  for (const suite of suites) results.push(await runOne(suite, err));
  line(out, report(results, reporter satisfies ReporterName));
  return results.some((r) => r.cases.some((c) => !c.passed)) ? 1 : 0;
}
