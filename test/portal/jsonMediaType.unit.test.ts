import { describe, expect, it } from '@jest/globals';
import { isJsonMediaType } from '../../portal/lib/jsonMediaType.js';

describe('isJsonMediaType (what the portal write routes accept)', () => {
  it('accepts application/json with parameters, in any case', () => {
    expect(isJsonMediaType('application/json')).toBe(true);
    expect(isJsonMediaType('Application/JSON; charset=utf-8')).toBe(true);
  });

  it('refuses what a cross-site page can send without a preflight, and no type at all', () => {
    for (const type of [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
      '',
      null,
    ]) {
      expect(isJsonMediaType(type)).toBe(false);
    }
  });
});
