import { describe, expect, it } from '@jest/globals';
import { DEFAULT_RANGE, parseApiDays, parseRange } from '../../portal/lib/range.js';

describe('parseRange', () => {
  it('accepts the offered ranges', () => {
    expect(parseRange('7')).toBe(7);
    expect(parseRange('30')).toBe(30);
    expect(parseRange('90')).toBe(90);
  });

  it('falls back to the default for anything else', () => {
    for (const value of [null, undefined, '', '14', '7.0x', 'abc', '-7', '900']) {
      expect(parseRange(value)).toBe(DEFAULT_RANGE);
    }
    expect(DEFAULT_RANGE).toBe(30);
  });
});

describe('parseApiDays', () => {
  it('accepts integers from 1 to 90', () => {
    expect(parseApiDays('1')).toBe(1);
    expect(parseApiDays('45')).toBe(45);
    expect(parseApiDays('90')).toBe(90);
  });

  it('rejects zero, out-of-range, fractional and non-numeric values', () => {
    for (const value of [null, undefined, '', '0', '91', '1.5', '1e1', ' 7', 'seven', '-1']) {
      expect(parseApiDays(value)).toBeUndefined();
    }
  });
});
