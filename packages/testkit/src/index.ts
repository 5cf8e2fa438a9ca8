export { checkLaws, DEFAULT_SEED, lawSeed, lawsFor, type Law, type LawArbitraries, type LawFailure, type LawOptions } from './laws.js';
