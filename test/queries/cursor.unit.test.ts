import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../../src/errors.js';
import { decodeCursor, encodeCursor } from '../../src/readModels/cursor.js';

const tenant = '6f1c2b8e-1d7a-4c3e-9b1a-2f4d5e6a7b8c';
const digits = [/^\d+$/, /^\d+$/];
const key = randomBytes(32);

const envelope = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page cursors', () => {
  it('round-trips for the same key, listing and tenant', () => {
    const cursor = encodeCursor(key, 'audit', tenant, ['12', '34']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(key, cursor, 'audit', tenant, digits)).toEqual(['12', '34']);
  });

  it('refuses another tenant’s, another listing’s, edited and malformed cursors', () => {
    const cursor = encodeCursor(key, 'audit', tenant, ['12', '34']);
    const edited = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    edited.v[0] = '11';
    const attempts = [
      () => decodeCursor(key, cursor, 'audit', '00000000-0000-4000-8000-000000000000', digits),
      () => decodeCursor(key, cursor, 'agents', tenant, digits),
      () => decodeCursor(key, envelope(edited), 'audit', tenant, digits),
      () => decodeCursor(key, 'not json', 'audit', tenant, digits),
      () =>
        decodeCursor(key, encodeCursor(key, 'audit', tenant, ['x', '1']), 'audit', tenant, digits),
      () => decodeCursor(key, encodeCursor(key, 'audit', tenant, ['1']), 'audit', tenant, digits),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(ValidationError);
    }
  });

  it('refuses cursors not minted with the server key', () => {
    const values = ['9999999999999999999', '1'];
    // The former tag was a public hash anyone could compute.
    const publicTag = createHash('sha256')
      .update(JSON.stringify(['audit', tenant, values]))
      .digest('base64url')
      .slice(0, 22);
    const forgeries = [
      envelope({ k: 'audit', v: values, t: publicTag }),
      encodeCursor(randomBytes(32), 'audit', tenant, values),
      envelope({ k: 'audit', v: values, t: '' }),
      envelope({ k: 'audit', v: values, t: encodeCursor(key, 'audit', tenant, ['1', '1']) }),
    ];
    for (const forged of forgeries) {
      expect(() => decodeCursor(key, forged, 'audit', tenant, digits)).toThrow(ValidationError);
    }
  });
});
