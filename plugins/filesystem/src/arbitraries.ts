import fc from 'fast-check';
import type { LawArbitraries } from '@ratchet/testkit';
import { DENY_READ_FIELD } from './entries.js';
import type { FilesystemRequirement, FilesystemSettings } from './provider.js';

/** A root no test machine has, so gates over it never meet a real file or symlink. */
export const ROOT = '/nonexistent-ratchet-root';

/** deny_read entries over a small tree: plain paths and globs, some nested in others. */
export const ENTRIES = [
  `${ROOT}/home/alice/.ssh`,
  `${ROOT}/home/alice`,
  `${ROOT}/home/**/.env`,
  `${ROOT}/srv/private/**/*.txt`,
  `${ROOT}/etc/shadow`,
  `${ROOT}/srv/*/secret?`,
] as const;

/** Paths to ask about, over the same tree, with the spellings a gate must clean up. */
export const PATHS = [
  `${ROOT}/home/alice/.ssh/id_ed25519`,
  `${ROOT}/home/alice/notes.md`,
  `${ROOT}/home/bob/.env`,
  `${ROOT}/home/bob/project/.env`,
  `${ROOT}/srv/private/a/b.txt`,
  `${ROOT}/srv/private/a/b.md`,
  `${ROOT}/srv/app/secret1`,
  `${ROOT}/etc/shadow`,
  `${ROOT}/etc/passwd`,
  `${ROOT}//home/./bob/../alice/.ssh/`,
] as const;

export const entryArbitrary = fc.constantFrom(...ENTRIES);
export const entriesArbitrary = fc.uniqueArray(entryArbitrary, { maxLength: 4 });
export const pathArbitrary = fc.constantFrom(...PATHS);

/** Law generators for the filesystem provider (it has no user settings). */
export const filesystemArbitraries: LawArbitraries<FilesystemRequirement, FilesystemSettings> = {
  requirement: fc.record({ [DENY_READ_FIELD]: entriesArbitrary }, { requiredKeys: [] }),
  requested: fc.constant({}),
};
