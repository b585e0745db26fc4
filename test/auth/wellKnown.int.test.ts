import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startCommandApp, type CommandApp } from '../commands/support/commandApp.js';

describe('discovery documents', () => {
  let ctx: CommandApp;
  beforeAll(async () => {
    ctx = await startCommandApp({ ISSUER_URL: 'https://idp.example.com/' });
  });
  afterAll(() => ctx.close());

  it('publishes the openid configuration', async () => {
    const response = await request(ctx.app.callback()).get('/.well-known/openid-configuration');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      issuer: 'https://idp.example.com',
      token_endpoint: 'https://idp.example.com/oauth2/token',
      jwks_uri: 'https://idp.example.com/.well-known/jwks.json',
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      id_token_signing_alg_values_supported: ['EdDSA'],
      revocation_endpoint: 'https://idp.example.com/oauth2/revoke',
      revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      introspection_endpoint: 'https://idp.example.com/oauth2/introspect',
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
  });

  it('publishes public keys only, briefly cacheable, and keeps a rotated key', async () => {
    const first = await request(ctx.app.callback()).get('/.well-known/jwks.json');
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.body.keys).toHaveLength(1);
    const [key] = first.body.keys;
    expect(key).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: expect.any(String),
      kid: expect.any(String),
      alg: 'EdDSA',
      use: 'sig',
    });
    const newKid = await ctx.runtime.keys.rotate();
    const second = await request(ctx.app.callback()).get('/.well-known/jwks.json');
    expect(second.body.keys.map((k: { kid: string }) => k.kid).sort()).toEqual(
      [key.kid, newKid].sort(),
    );
    expect(JSON.stringify(second.body)).not.toContain('"d"');
  });
});
