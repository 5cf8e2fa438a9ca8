import type { InjectionToken } from 'tsyringe';
import type { ProviderRegistration } from '@ratchet/core';
import type { Clock, PlatformServices } from './services.js';

/** Makes a token that names what it resolves to. */
const token = <T>(description: string): InjectionToken<T> => Symbol(description);

/**
 * Every token of the host container. Plugins are registered, each with who contributed it, under the one
 * `PLUGIN` token and found with `resolveAll`; each platform service has its own token.
 */
export const TOKENS = {
  PLUGIN: token<ProviderRegistration>('ratchet.plugin'),
  FILE_READER: token<PlatformServices['readFile']>('ratchet.file-reader'),
  FETCH: token<PlatformServices['fetch']>('ratchet.fetch'),
  CLOCK: token<Clock>('ratchet.clock'),
  HOSTNAME: token<PlatformServices['hostname']>('ratchet.hostname'),
  PROCESS_RUNNER: token<PlatformServices['runProcess']>('ratchet.process-runner'),
  PLATFORM: token<PlatformServices['platform']>('ratchet.platform'),
} as const;

/** The service each token carries, for registering a whole `PlatformServices` at once. */
export const SERVICE_TOKENS: { readonly [K in keyof PlatformServices]: InjectionToken<PlatformServices[K]> } = {
  readFile: TOKENS.FILE_READER,
  fetch: TOKENS.FETCH,
  clock: TOKENS.CLOCK,
  hostname: TOKENS.HOSTNAME,
  runProcess: TOKENS.PROCESS_RUNNER,
  platform: TOKENS.PLATFORM,
};
