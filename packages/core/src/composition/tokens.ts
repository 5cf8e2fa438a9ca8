import type { InjectionToken } from 'tsyringe';
import type { Provider } from '../provider/contract.js';
import type { EngineOptions } from '../resolve/engine.js';
import type { RequirementsSourceLoader } from '../sources/source.js';

/** A DI token that carries the type of what it resolves to. */
export type Token<T> = InjectionToken<T> & symbol;

function createToken<T>(description: string): Token<T> {
  return Symbol(description) as Token<T>;
}

/** Every token of the composition root, in one place. */
export const TOKENS = {
  Providers: createToken<readonly Provider[]>('ratchet.providers'),
  Sources: createToken<readonly RequirementsSourceLoader[]>('ratchet.sources'),
  Options: createToken<EngineOptions>('ratchet.options'),
} as const;
