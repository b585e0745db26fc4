import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT, base64url } from 'jose';
import {
  signAccessToken,
  verifyAccessToken,
  type TokenSettings,
} from '../../src/auth/accessTokens.js';
import { KeyRing } from '../../src/auth/signingKeys.js';
import { fixedClock } from '../../src/clock.js';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.js';

const clock = fixedClock('2026-11-25T12:00:00.000Z');
const settings: TokenSettings = {
  issuer: 'http://issuer.test',
  audience: 'aud',
  ttlSeconds: 600,
  clock,
};
const claims = {
  subject: '7d4f5a52-5f27-4a0e-9e55-9a3d1d1b0c01',
  tenantId: 'b0a6f1a4-8c1f-4a43-9f0e-0c2a4e0f7f11',
  clientId: 'adm_abcdefghijklmnop',
  scopes: ['analytics:read'],
  roles: ['tenant_admin'],
};

describe('access tokens', () => {
  let db: TestDatabase;
  let keys: KeyRing;
  beforeAll(async () => {
    db = await createTestDatabase();
    keys = new KeyRing({ pool: db.pool, clock, rotationDays: 30, maxTokenTtlSeconds: 600 });
  });
  afterAll(() => db.drop());

  it('round-trips the claims', async () => {
    const { token } = await signAccessToken(keys, claims, settings);
    const verified = await verifyAccessToken(keys, token, settings);
    expect(verified).toMatchObject({ ...claims });
  });

  it('refuses tampered, expired, wrong-audience, alg none and HS256-with-public-key tokens', async () => {
    const { token } = await signAccessToken(keys, claims, settings);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forged = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
    forged.tenant_id = '00000000-0000-4000-8000-000000000000';
    const tampered = `${header}.${base64url.encode(JSON.stringify(forged))}.${signature}`;
    await expect(verifyAccessToken(keys, tampered, settings)).rejects.toThrow();

    await expect(
      verifyAccessToken(keys, token, { ...settings, audience: 'other' }),
    ).rejects.toThrow();

    const unsecured = new UnsecuredJWT({
      tenant_id: claims.tenantId,
      client_id: claims.clientId,
      roles: ['tenant_admin'],
    })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setSubject(claims.subject)
      .setIssuedAt()
      .setExpirationTime('5m')
      .encode();
    await expect(verifyAccessToken(keys, unsecured, settings)).rejects.toThrow();

    const [published] = await keys.published();
    const hmacKey = new TextEncoder().encode(JSON.stringify(published?.publicJwk));
    const hs256 = await new SignJWT({
      tenant_id: claims.tenantId,
      client_id: claims.clientId,
      roles: ['tenant_admin'],
    })
      .setProtectedHeader({ alg: 'HS256', kid: published?.kid, typ: 'at+jwt' })
      .setIssuer(settings.issuer)
      .setAudience(settings.audience)
      .setSubject(claims.subject)
      .setJti('x')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(hmacKey);
    await expect(verifyAccessToken(keys, hs256, settings)).rejects.toThrow();

    clock.set('2026-11-25T12:20:00.000Z');
    await expect(verifyAccessToken(keys, token, settings)).rejects.toThrow();
    clock.set('2026-11-25T12:00:00.000Z');
  });

  it('keeps a rotated key published so its tokens stay valid until they expire', async () => {
    const { token } = await signAccessToken(keys, claims, settings);
    const oldKid = (await keys.signingKey()).kid;
    const newKid = await keys.rotate();
    expect(newKid).not.toBe(oldKid);
    expect((await keys.published()).map((k) => k.kid)).toEqual(
      expect.arrayContaining([oldKid, newKid]),
    );
    await expect(verifyAccessToken(keys, token, settings)).resolves.toMatchObject({
      subject: claims.subject,
    });
  });
});
