import { createPrivateKey, type JsonWebKeyInput } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { verifyAccessToken, type TokenSettings } from '../../src/auth/accessTokens.js';
import { signCompactEd25519 } from '../../src/auth/compactJws.js';
import { KeyRing } from '../../src/auth/signingKeys.js';
import { fixedClock } from '../../src/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const start = '2026-11-25T12:00:00.000Z';

describe('key ring freshness', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('picks up a rotation made elsewhere by polling when no notification arrives', async () => {
    const clock = fixedClock(start);
    const options = { pool: db.pool, clock, rotationDays: 30, maxTokenTtlSeconds: 600 };
    const api = new KeyRing({ ...options, refreshMs: 300 });
    const cli = new KeyRing(options);
    const oldKid = (await api.signingKey()).kid;
    const newKid = await cli.rotate();
    const started = Date.now();
    let kid = oldKid;
    while (kid !== newKid && Date.now() - started < 2000) {
      kid = (await api.signingKey()).kid;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(kid).toBe(newKid);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a token whose key has expired, though the token has not', async () => {
    await db.pool.query('DELETE FROM signing_keys');
    const clock = fixedClock(start);
    const ttlSeconds = 600;
    const keys = new KeyRing({
      pool: db.pool,
      clock,
      rotationDays: 30,
      maxTokenTtlSeconds: ttlSeconds,
    });
    const settings: TokenSettings = {
      issuer: 'http://issuer.test',
      audience: 'aud',
      ttlSeconds,
      clock,
    };
    const oldKid = (await keys.signingKey()).kid;
    const { rows } = await db.pool.query<{ private_jwk: JsonWebKeyInput['key'] }>(
      'SELECT private_jwk FROM signing_keys WHERE kid = $1',
      [oldKid],
    );
    const oldKey = createPrivateKey({
      key: rows[0]?.private_jwk as JsonWebKeyInput['key'],
      format: 'jwk',
    });
    const signedWithOldKey = (): string => {
      const issuedAt = Math.floor(clock.now().getTime() / 1000);
      return signCompactEd25519(
        { alg: 'EdDSA', kid: oldKid, typ: 'at+jwt' },
        {
          tenant_id: 'b0a6f1a4-8c1f-4a43-9f0e-0c2a4e0f7f11',
          client_id: 'adm_abcdefghijklmnop',
          iss: settings.issuer,
          aud: settings.audience,
          sub: 'x',
          jti: 'j',
          iat: issuedAt,
          exp: issuedAt + ttlSeconds,
        },
        oldKey,
      );
    };
    await expect(verifyAccessToken(keys, signedWithOldKey(), settings)).resolves.toBeDefined();
    await keys.rotate();
    await expect(verifyAccessToken(keys, signedWithOldKey(), settings)).resolves.toBeDefined();

    // Retired keys expire after the longest token lifetime plus a minute.
    clock.set(new Date(Date.parse(start) + (ttlSeconds + 61) * 1000));
    await expect(verifyAccessToken(keys, signedWithOldKey(), settings)).rejects.toThrow(
      'unknown signing key',
    );
    expect((await keys.published()).map((key) => key.kid)).not.toContain(oldKid);
  });
});
