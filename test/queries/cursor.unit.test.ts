import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../src/errors.js';
import { decodeCursor, encodeCursor } from '../../src/queries/cursor.js';

const tenant = '6f1c2b8e-1d7a-4c3e-9b1a-2f4d5e6a7b8c';
const digits = [/^\d+$/, /^\d+$/];

describe('page cursors', () => {
  it('round-trips for the same listing and tenant', () => {
    const cursor = encodeCursor('audit', tenant, ['12', '34']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, 'audit', tenant, digits)).toEqual(['12', '34']);
  });

  it('refuses another tenant’s, another listing’s, edited and malformed cursors', () => {
    const cursor = encodeCursor('audit', tenant, ['12', '34']);
    const edited = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    edited.v[0] = '11';
    const attempts = [
      () => decodeCursor(cursor, 'audit', '00000000-0000-4000-8000-000000000000', digits),
      () => decodeCursor(cursor, 'agents', tenant, digits),
      () =>
        decodeCursor(
          Buffer.from(JSON.stringify(edited)).toString('base64url'),
          'audit',
          tenant,
          digits,
        ),
      () => decodeCursor('not json', 'audit', tenant, digits),
      () => decodeCursor(encodeCursor('audit', tenant, ['x', '1']), 'audit', tenant, digits),
      () => decodeCursor(encodeCursor('audit', tenant, ['1']), 'audit', tenant, digits),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(ValidationError);
    }
  });
});
