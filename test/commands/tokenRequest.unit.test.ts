import { describe, expect, it } from '@jest/globals';
import {
  clientSecretMatches,
  hashClientSecret,
  newClientId,
  newClientSecret,
} from '../../src/commands/credentials/clientSecrets.js';
import { decideTokenGrant } from '../../src/commands/tokens/decideTokenGrant.js';
import { presentedClient } from '../../src/commands/tokens/presentedClient.js';
import { parseScopeParameter } from '../../src/commands/tokens/requestedScopes.js';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

describe('client authentication', () => {
  it('reads HTTP Basic, form-decoding both parts', () => {
    expect(presentedClient(basic('agt_abc', 'cs_a+b/c'), {})).toEqual({
      clientId: 'agt_abc',
      clientSecret: 'cs_a+b/c',
      method: 'client_secret_basic',
    });
  });

  it('takes one or more spaces after Basic, and the same client_id named in the body', () => {
    const header = basic('agt_abc', 'secret').replace('Basic ', 'Basic   ');
    expect(presentedClient(header, {})).toMatchObject({ clientId: 'agt_abc' });
    expect(presentedClient(basic('agt_abc', 'secret'), { client_id: 'agt_abc' })).toEqual({
      clientId: 'agt_abc',
      clientSecret: 'secret',
      method: 'client_secret_basic',
    });
    expect(() => presentedClient(basic('agt_abc', 'secret'), { client_id: 'agt_other' })).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });

  it('reads client_id and client_secret from the body', () => {
    expect(presentedClient(undefined, { client_id: 'agt_x', client_secret: 's' })).toMatchObject({
      method: 'client_secret_post',
    });
  });

  it('refuses both methods at once, and malformed or missing credentials', () => {
    expect(() => presentedClient(basic('a', 'b'), { client_secret: 'b' })).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
    expect(() => presentedClient('Basic !!!', {})).toThrow(
      expect.objectContaining({ code: 'invalid_client', status: 401 }),
    );
    expect(() => presentedClient(`Basic ${Buffer.from('nocolon').toString('base64')}`, {})).toThrow(
      expect.objectContaining({ code: 'invalid_client' }),
    );
    expect(() => presentedClient(undefined, { client_id: 'agt_x' })).toThrow(
      expect.objectContaining({ code: 'invalid_client' }),
    );
  });
});

describe('scope parameter', () => {
  it('splits on spaces and deduplicates; empty means omitted', () => {
    expect(parseScopeParameter('a  b a')).toEqual(['a', 'b']);
    expect(parseScopeParameter('')).toBeUndefined();
    expect(parseScopeParameter(undefined)).toBeUndefined();
  });

  it('refuses characters outside RFC 6749 scope tokens', () => {
    expect(() => parseScopeParameter('a"b')).toThrow(
      expect.objectContaining({ code: 'invalid_scope' }),
    );
    expect(() => parseScopeParameter('a\\b')).toThrow();
  });
});

describe('token grant decision', () => {
  const client = { active: true, scopes: ['read', 'write'] };

  it('grants every held scope when none are requested, or exactly the requested subset', () => {
    expect(decideTokenGrant({ client, secretMatches: true, requestedScopes: undefined })).toEqual({
      granted: true,
      scopes: ['read', 'write'],
    });
    expect(decideTokenGrant({ client, secretMatches: true, requestedScopes: ['write'] })).toEqual({
      granted: true,
      scopes: ['write'],
    });
  });

  it('refuses unknown clients, wrong secrets and inactive clients as invalid_client', () => {
    const base = { secretMatches: true, requestedScopes: undefined };
    expect(decideTokenGrant({ ...base, client: undefined })).toMatchObject({
      error: 'invalid_client',
    });
    expect(decideTokenGrant({ ...base, client, secretMatches: false })).toMatchObject({
      error: 'invalid_client',
      reason: 'client secret mismatch',
    });
    expect(decideTokenGrant({ ...base, client: { ...client, active: false } })).toMatchObject({
      error: 'invalid_client',
      reason: 'client deactivated',
    });
  });

  it('checks the secret before revealing that a client is inactive', () => {
    expect(
      decideTokenGrant({
        client: { ...client, active: false },
        secretMatches: false,
        requestedScopes: undefined,
      }),
    ).toMatchObject({ reason: 'client secret mismatch' });
  });

  it('judges the scope only once the client is authenticated', () => {
    for (const requestedScopes of ['malformed', ['admin']] as const) {
      expect(decideTokenGrant({ client, secretMatches: false, requestedScopes })).toMatchObject({
        error: 'invalid_client',
      });
      expect(
        decideTokenGrant({ client: undefined, secretMatches: false, requestedScopes }),
      ).toMatchObject({ error: 'invalid_client' });
    }
    expect(decideTokenGrant({ client, secretMatches: true, requestedScopes: 'malformed' })).toEqual(
      { granted: false, error: 'invalid_scope', reason: 'malformed scope parameter' },
    );
  });

  it('refuses scopes the client does not hold', () => {
    expect(
      decideTokenGrant({ client, secretMatches: true, requestedScopes: ['read', 'admin'] }),
    ).toMatchObject({ granted: false, error: 'invalid_scope' });
  });
});

describe('client secrets', () => {
  it('are 256-bit random values whose SHA-256 verifies', () => {
    const secret = newClientSecret();
    expect(secret).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
    expect(newClientSecret()).not.toBe(secret);
    const hash = hashClientSecret(secret);
    expect(clientSecretMatches(secret, hash)).toBe(true);
    expect(clientSecretMatches(`${secret}x`, hash)).toBe(false);
    expect(newClientId('agent')).toMatch(/^agt_[0-9a-f]{32}$/);
    expect(newClientId('admin')).toMatch(/^adm_[0-9a-f]{32}$/);
  });
});
