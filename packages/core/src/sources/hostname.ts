import { hostname as osHostname } from 'node:os';

/** Gives the machine's name for host-specific requirements; called at most once per load, and only when needed. */
export type HostnameResolver = () => string | undefined;

/** The machine's name, preferring a fully qualified one (`hostname -f`) when the kernel name has no dot. */
export const systemHostname: HostnameResolver = () => {
  const short = osHostname().trim();
  if (short.includes('.')) return short;
  try {
    const fqdn = process
      .getBuiltinModule('node:child_process')
      .execFileSync('hostname', ['-f'], {
        encoding: 'utf8',
        timeout: 1000,
        stdio: ['ignore', 'pipe', 'ignore'],
      })
      .trim();
    if (fqdn.includes('.') && !/\s/.test(fqdn)) return fqdn;
  } catch {
    // No resolver available: the short name is the best we have.
  }
  return short || undefined;
};
