export {
  checkLaws,
  DEFAULT_SEED,
  lawSeed,
  lawsFor,
  type Law,
  type LawArbitraries,
  type LawFailure,
  type LawOptions,
} from './laws.js';
export {
  loadPolicy,
  parseSlice,
  resolveContext,
  resolveWith,
  dependencyReader,
  TEST_SOURCE,
  userConfig,
  type LayerText,
  type ParsedSlice,
} from './harness.js';
export { decisionLawsFor, type DecisionArbitraries, type DecisionSubject } from './decisions.js';
