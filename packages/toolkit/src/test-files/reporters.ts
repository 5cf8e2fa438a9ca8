import { formatValue, toPlain } from '@ratchet/core';
import type { CaseResult, Mismatch, SuiteResult } from './run.js';

/** The output formats of `ratchet test`: text for people, the rest for CI systems. */
export const REPORTERS = ['text', 'json', 'junit', 'tap'] as const;
export type ReporterName = (typeof REPORTERS)[number];

const show = (value: unknown) => (typeof value === 'string' ? value : formatValue(toPlain(value)));

function totals(results: readonly SuiteResult[]) {
  const cases = results.flatMap((r) => r.cases);
  return { cases: cases.length, failed: cases.filter((c) => !c.passed).length, files: results.length };
}

/** Rows padded into columns. */
function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('   '));
}

function mismatchRows(mismatches: readonly Mismatch[]): string[] {
  return columns([['key', 'expected', 'actual'], ...mismatches.map((m) => [m.key, show(m.expected), show(m.actual)])]);
}

/** Each failing case with expected and actual side by side, the coverage gaps, then a summary line. */
function text(results: readonly SuiteResult[]): string {
  const out: string[] = [];
  for (const suite of results) {
    for (const c of suite.cases.filter((c) => !c.passed)) {
      out.push(`FAIL ${suite.file} > ${c.name} (${c.at})`);
      for (const row of mismatchRows(c.mismatches)) out.push(`  ${row}`);
    }
    const { unexercisedKeys, rules } = suite.coverage;
    const passed = suite.cases.filter((c) => c.passed).length;
    out.push(`${suite.file}: ${passed}/${suite.cases.length} passed`);
    if (unexercisedKeys.length > 0) out.push(`  not exercised: ${unexercisedKeys.join(', ')}`);
    for (const r of rules.filter((r) => r.unexercised.length > 0))
      out.push(
        `  ${r.question} rules not exercised (${r.unexercised.length} of ${r.total}): ${r.unexercised.join(', ')}`,
      );
  }
  const t = totals(results);
  out.push(
    `${t.cases - t.failed} passed, ${t.failed} failed (${t.cases} cases in ${t.files} file${t.files === 1 ? '' : 's'})`,
  );
  return out.join('\n');
}

const caseJson = (c: CaseResult) => ({
  name: c.name,
  at: c.at,
  passed: c.passed,
  mismatches: c.mismatches.map((m) => ({ key: m.key, expected: toPlain(m.expected), actual: toPlain(m.actual) })),
});

function json(results: readonly SuiteResult[]): string {
  const t = totals(results);
  return JSON.stringify(
    {
      passed: t.cases - t.failed,
      failed: t.failed,
      files: results.map((r) => ({
        file: r.file,
        cases: r.cases.map(caseJson),
        coverage: { keys: r.coverage.keys, unexercised_keys: r.coverage.unexercisedKeys, rules: r.coverage.rules },
      })),
    },
    null,
    2,
  );
}

const xml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);

function junit(results: readonly SuiteResult[]): string {
  const t = totals(results);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ratchet test" tests="${t.cases}" failures="${t.failed}">`,
  ];
  for (const r of results) {
    const failed = r.cases.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${xml(r.file)}" tests="${r.cases.length}" failures="${failed}">`);
    for (const c of r.cases) {
      const open = `    <testcase classname="${xml(r.file)}" name="${xml(c.name)}" time="${(c.ms / 1000).toFixed(4)}"`;
      if (c.passed) out.push(`${open}/>`);
      else {
        const message = c.mismatches.map((m) => `${m.key}: expected ${show(m.expected)}, got ${show(m.actual)}`);
        out.push(
          `${open}>`,
          `      <failure message="${xml(message.join('; '))}">${xml(mismatchRows(c.mismatches).join('\n'))}</failure>`,
          '    </testcase>',
        );
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}

/** TAP version 13: one line per case, failures with a YAML block of expected and actual. */
function tap(results: readonly SuiteResult[]): string {
  const all = results.flatMap((r) => r.cases.map((c) => ({ file: r.file, c })));
  const out = ['TAP version 13', `1..${all.length}`];
  all.forEach(({ file, c }, i) => {
    out.push(`${c.passed ? 'ok' : 'not ok'} ${i + 1} - ${file} > ${c.name.replace(/#/g, '\\#')}`);
    if (!c.passed) {
      out.push('  ---');
      for (const m of c.mismatches)
        out.push(
          `  ${m.key}:`,
          `    expected: ${JSON.stringify(toPlain(m.expected))}`,
          `    actual: ${JSON.stringify(toPlain(m.actual))}`,
        );
      out.push('  ...');
    }
  });
  return out.join('\n');
}

/** Renders results in the chosen format. */
export function report(results: readonly SuiteResult[], reporter: ReporterName): string {
  return { text, json, junit, tap }[reporter](results);
}
