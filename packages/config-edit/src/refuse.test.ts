import { describe, expect, it } from 'vitest';
import { InputError } from '@ratchet/core';
import { fsRefusal, onFsError } from './refuse.js';

const fsError = (code: string, path?: string) => Object.assign(new Error(`${code}: failed`), { code, path });

describe('filesystem errors become input errors naming the path, the reason and a fix', () => {
  it.each([
    ['ENOSPC', 'no space left on the device', 'free some disk space and try again'],
    ['EACCES', 'permission denied', 'check the permissions of the file and its folder'],
    ['EROFS', 'the file system is read-only', 'choose a file on a writable file system'],
    ['ELOOP', 'too many symbolic links (a loop?)', 'point the path at a real file'],
    ['EDQUOT', 'disk quota exceeded', 'free some space within your quota and try again'],
    ['EWHATEVER', 'the operation failed', 'check the path and its permissions'],
  ])('%s', (code, reason, fix) => {
    let thrown: unknown;
    try {
      fsRefusal('/home/me/.codex/config.toml', 'write', fsError(code, '/home/me/.codex/.config.toml.1.tmp'));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).diagnostic).toEqual({
      kind: 'read-failed',
      severity: 'error',
      source: '/home/me/.codex/config.toml',
      message: `cannot write (${code}): ${reason} (at /home/me/.codex/.config.toml.1.tmp)`,
      suggestion: fix,
    });
  });

  it('passes other errors through untouched', async () => {
    const bug = new TypeError('a bug');
    await expect(onFsError('/x', 'write', () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(onFsError('/x', 'write', () => 1)).resolves.toBe(1);
  });
});
