import { FILESYSTEM_PROVIDER } from './keys.js';
import { homedir } from 'node:os';
import { createProvider } from '@ratchet/core';
import { DENY_READ_FIELD, parsePermissions, printDenyRead, unique } from './entries.js';
import { filesystemSchema } from './schema.js';
import { readPathQuestion } from './question.js';

/** What requirements say about the filesystem: paths and globs nobody may read (absolute, normalized). */
export interface FilesystemRequirement {
  readonly 'permissions.filesystem.deny_read'?: readonly string[];
}

/** The filesystem provider has no user settings: its effective value is a runtime value. */
export type FilesystemSettings = Record<never, never>;

/** How a host builds the filesystem provider. */
export interface FilesystemOptions {
  /** The home folder `~` expands to, asked for at parse time only when an entry uses it (default: `os.homedir`). */
  readonly homedir?: () => string;
}

/** The filesystem provider: `[permissions.filesystem] deny_read`, joined across layers, and the read gate it feeds. */
export function filesystemProvider(options: FilesystemOptions = {}) {
  const home = options.homedir ?? homedir;
  return createProvider({
    key: FILESYSTEM_PROVIDER,
    docs: {
      summary: 'Denies reading paths and globs listed in [permissions.filesystem] deny_read.',
      description:
        "deny_read lists absolute paths and globs (*, ?, [); relative entries resolve against the requirements file's " +
        "folder and ~ expands to the home folder. Every layer's list is joined (highest first, without repeats). The " +
        'effective list is the runtime value permissions.filesystem.deny_read; while it is non-empty the sandbox ' +
        'provider allows only read-only and workspace-write. readGate(policy) answers "may this path be read?". Other ' +
        '[permissions.<name>] tables (managed permission profiles) are accepted but not enforced.',
    },
    questions: [readPathQuestion],
    requirementKeys: ['permissions'],
    fields: {
      [DENY_READ_FIELD]: {
        docs: 'Paths and globs nobody may read.',
        combine: { accumulate: (higher, lower) => unique([...higher, ...lower]) },
      },
    },
    settings: {},
    outputs: [DENY_READ_FIELD],
    schema: filesystemSchema,
    parse(slice, ctx) {
      const denyRead = slice.permissions === undefined ? undefined : parsePermissions(slice.permissions, ctx, home);
      return denyRead ? { [DENY_READ_FIELD]: denyRead } : {};
    },
    tighten(a, b) {
      const x = a[DENY_READ_FIELD];
      const y = b[DENY_READ_FIELD];
      return x || y ? { [DENY_READ_FIELD]: unique([...(x ?? []), ...(y ?? [])]) } : {};
    },
    allows: () => true,
    resolve({ requirement }) {
      const list = requirement.value[DENY_READ_FIELD];
      return {
        values: {
          [DENY_READ_FIELD]: list
            ? {
                value: list,
                rule: "every layer's [permissions.filesystem] deny_read, joined",
                constrainedBy: [DENY_READ_FIELD],
              }
            : { value: [], rule: 'no deny_read requirement', constrainedBy: [] },
        },
      };
    },
    print(r) {
      const list = r[DENY_READ_FIELD];
      return list ? printDenyRead(list) : {};
    },
  });
}
