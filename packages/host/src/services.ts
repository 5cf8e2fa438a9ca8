import { homedir } from 'node:os';
import {
  execFileRunner,
  nodeFetch,
  readFileText,
  systemHostname,
  type CloudFetch,
  type CommandRunner,
  type FileReader,
  type HostnameResolver,
  type Platform,
} from '@ratchet/core';

/** Milliseconds since the epoch, as `Date.now` gives them. */
export type Clock = () => number;

/**
 * What Ratchet asks of the machine it runs on. A host swaps any of them in one place (`createHost({ services })`):
 * a virtual file system in tests, its own HTTP client, a fixed clock, a known host name, a sandboxed process runner.
 */
export interface PlatformServices {
  /** Reads requirements files, legacy managed configs and config.toml. */
  readonly readFile: FileReader;
  /** The HTTP GET of the cloud requirements source. */
  readonly fetch: CloudFetch;
  /** The cloud cache's clock. */
  readonly clock: Clock;
  /** The machine's name, for host-specific requirements. */
  readonly hostname: HostnameResolver;
  /** Runs a command without a shell (macOS managed preferences are read with `defaults`). */
  readonly runProcess: CommandRunner;
  /** The operating system, environment and home folder the default locations depend on. */
  readonly platform: Platform;
}

/** The services of the Node process Ratchet runs in. */
export function nodeServices(): PlatformServices {
  return {
    readFile: readFileText,
    fetch: nodeFetch,
    clock: Date.now,
    hostname: systemHostname,
    runProcess: execFileRunner,
    platform: { os: process.platform, env: process.env, homedir: homedir() },
  };
}
