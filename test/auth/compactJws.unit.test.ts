import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import { compactVerify, decodeProtectedHeader } from 'jose';
import { signCompactEd25519 } from '../../src/auth/compactJws.js';

describe('signCompactEd25519', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const header = { alg: 'EdDSA', kid: 'k1', typ: 'at+jwt' };
  const payload = { sub: 'agent', scope: 'a b', exp: 1_900_000_000 };

  it('produces a compact JWS that jose verifies with the public key', async () => {
    const token = signCompactEd25519(header, payload, privateKey);
    const verified = await compactVerify(token, publicKey);
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(payload);
    expect(decodeProtectedHeader(token)).toEqual(header);
  });

  it('is refused by jose once a payload byte changes', async () => {
    const [head, body, signature] = signCompactEd25519(header, payload, privateKey).split('.');
    const tampered = Buffer.from(JSON.stringify({ ...payload, scope: 'a b c' })).toString(
      'base64url',
    );
    expect(body).not.toBe(tampered);
    await expect(compactVerify(`${head}.${tampered}.${signature}`, publicKey)).rejects.toThrow();
  });
});
