import { describe, expect, it } from 'vitest';
import { selectCloudRequirements } from './cloud-payload.js';

const pick = (body: unknown) => selectCloudRequirements(typeof body === 'string' ? body : JSON.stringify(body));

describe('selectCloudRequirements', () => {
  it('takes a plain TOML body as the requirements; a blank body is none', () => {
    expect(pick('a = 1\n')).toEqual({ ok: true, selection: { toml: 'a = 1\n' } });
    expect(pick('  \n')).toEqual({ ok: true, selection: {} });
    expect(pick('\uFEFF{"toml": "a = 1"}')).toEqual({ ok: true, selection: { toml: 'a = 1' } });
  });

  it('takes {"toml"} or {"contents"}; null or blank is none', () => {
    expect(pick({ toml: 'a = 1' })).toEqual({ ok: true, selection: { toml: 'a = 1' } });
    expect(pick({ contents: 'a = 2' })).toEqual({ ok: true, selection: { toml: 'a = 2' } });
    expect(pick({ contents: null })).toEqual({ ok: true, selection: {} });
    expect(pick({ toml: ' ' })).toEqual({ ok: true, selection: {} });
  });

  it('picks the first matching fragment; omitted matches counts as matching', () => {
    const body = {
      fragments: [
        { group: 'a', matches: false, toml: 'x = 1' },
        { group: 'b', toml: 'y = 2' },
        { group: 'c', matches: true, toml: 'z = 3' },
      ],
    };
    expect(pick(body)).toEqual({ ok: true, selection: { toml: 'y = 2', group: 'b', matched: 2 } });
  });

  it('a first matching fragment with no TOML still wins: nothing from later ones, nor the default', () => {
    const body = {
      fragments: [
        { group: 'empty', matches: true, toml: '' },
        { group: 'later', toml: 'y = 2' },
      ],
      default: 'd = 1',
    };
    expect(pick(body)).toEqual({ ok: true, selection: { group: 'empty', matched: 2 } });
  });

  it('falls back to the default only without a match, and to nothing without a default', () => {
    expect(pick({ fragments: [{ group: 'a', matches: false, toml: 'x = 1' }], default: 'd = 1' })).toEqual({
      ok: true,
      selection: { toml: 'd = 1', group: 'default', matched: 0 },
    });
    expect(pick({ fragments: [] })).toEqual({ ok: true, selection: { matched: 0 } });
  });

  it.each([
    [{ fragments: {} }, '"fragments" must be a list'],
    [{ fragments: ['x'] }, 'fragments[0] must be an object'],
    [{ fragments: [{ group: 1, toml: '' }] }, 'fragments[0].group must be a string'],
    [{ fragments: [{ matches: 'yes', toml: '' }] }, 'fragments[0].matches must be true or false'],
    [{ fragments: [{ group: 'a' }] }, 'fragments[0].toml must be a string of TOML'],
    [{ fragments: [], default: 3 }, '"default" must be a string of TOML'],
    [{ fragments: [], toml: 'a = 1' }, 'both "fragments" and "toml"'],
    [{}, 'neither "toml" nor "fragments"'],
  ])('rejects %j', (body, message) => {
    const result = pick(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });

  it('checks every fragment, even after the match', () => {
    expect(
      pick({
        fragments: [
          { group: 'a', toml: 'x = 1' },
          { group: 'b', matches: 1, toml: '' },
        ],
      }).ok,
    ).toBe(false);
  });
});
