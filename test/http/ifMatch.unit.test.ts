import { describe, expect, it } from '@jest/globals';
import { parseIfMatch, parseIfNoneMatch } from '../../src/http/ifMatch.js';

describe('parseIfMatch', () => {
  it('reads * as any revision', () => {
    expect(parseIfMatch('*')).toBe('any');
    expect(parseIfMatch(' * ')).toBe('any');
  });

  it('reads every strong revision tag of a list', () => {
    expect(parseIfMatch('"3"')).toEqual([3n]);
    expect(parseIfMatch('"3", "4"')).toEqual([3n, 4n]);
    expect(parseIfMatch('"3",,"4" ,')).toEqual([3n, 4n]);
    expect(parseIfMatch('"999999999999999999"')).toEqual([999999999999999999n]);
  });

  it('keeps weak and foreign tags well-formed but matching nothing', () => {
    expect(parseIfMatch('W/"3"')).toEqual([]);
    expect(parseIfMatch('"abc"')).toEqual([]);
    expect(parseIfMatch('""')).toEqual([]);
    expect(parseIfMatch('"1234567890123456789"')).toEqual([]);
    expect(parseIfMatch('W/"3", "a,b", "7"')).toEqual([7n]);
  });

  it.each([
    'garbage',
    '3',
    '"3',
    '"3" x',
    '"3"""',
    'w/"3"',
    '*, "3"',
    '"3"x,"4"',
    ',',
    ' ',
    '"a b"',
    '"\u0001"',
  ])('refuses the malformed %j', (header) => {
    expect(parseIfMatch(header)).toBeUndefined();
  });
});

describe('parseIfNoneMatch', () => {
  it('reads * and compares tags weakly: W/"3" names revision 3', () => {
    expect(parseIfNoneMatch('*')).toBe('any');
    expect(parseIfNoneMatch('W/"3"')).toEqual([3n]);
    expect(parseIfNoneMatch('"3", W/"4", "abc"')).toEqual([3n, 4n]);
  });

  it('is undefined for what is not an entity-tag list', () => {
    for (const header of ['garbage', '3', '"3', 'W/3'])
      expect(parseIfNoneMatch(header)).toBeUndefined();
  });
});
