// The administrator's toolkit: policy tests, semantic diffs and corpus simulations, over every loaded provider
// through the provider contract (settings, `allows`, `tighten`, `print` and declared questions), never a list of keys.

export { diffPolicies, DIFF_STATUSES, type DiffStatus, type PolicyDiff, type ProviderDiff } from './diff/diff.js';
export type { Witness } from './diff/witness.js';
export { configOf, questionsOf, Session, setUpQuestions, type OwnedQuestion, type SessionInputs } from './session.js';
export {
  parseSuite,
  type CaseInput,
  type Expectations,
  type SuitePolicy,
  type TestCase,
  type TestSuite,
} from './test-files/format.js';
export { runSuite, type CaseResult, type Mismatch, type SuiteResult, type SuiteRun } from './test-files/run.js';
export type { Coverage } from './test-files/coverage.js';
export { report, REPORTERS, type ReporterName } from './test-files/reporters.js';
export {
  commandOf,
  countCommands,
  findCorpus,
  linesOf,
  readLog,
  type CommandLog,
  type Corpus,
  type LogLine,
} from './simulate/corpus.js';
export {
  simulate,
  type CommandExample,
  type ConfigExample,
  type CorpusConfig,
  type Counted,
  type Simulation,
  type SimulationInput,
} from './simulate/simulate.js';
