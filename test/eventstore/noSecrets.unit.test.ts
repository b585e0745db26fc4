import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { InvalidEventError } from '../../src/eventstore/errors.js';
import { findSecretLikeContent } from '../../src/events/noSecrets.js';
import { validateForAppend } from '../../src/events/registry.js';
import { metadataFor } from './fixtures.js';

const jwt = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJlLXZhbHVl';

describe('findSecretLikeContent', () => {
  it('finds JWT-like and secret-like values and names their path', () => {
    expect(findSecretLikeContent({ a: { b: [1, jwt] } })).toBe('a.b[1]');
    expect(findSecretLikeContent({ note: 'sk_live_0123456789abcdefghijkl' })).toBe('note');
    expect(findSecretLikeContent('secret_0123456789abcdefghijklmn')).toBe('(root)');
  });

  it('finds Standard Webhooks signing secrets, in a URL too', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(findSecretLikeContent({ url: 'https://example.com/x', note: secret })).toBe('note');
    expect(findSecretLikeContent({ url: `https://example.com/hook?key=${secret}` })).toBe('url');
    expect(findSecretLikeContent({ url: 'https://example.com/hook?key=whsec' })).toBeUndefined();
  });

  it('finds URLs carrying a user name or password, anywhere in a value', () => {
    expect(findSecretLikeContent({ url: 'https://user:pass@example.com/x' })).toBe('url');
    expect(findSecretLikeContent({ url: 'http://user@example.com/' })).toBe('url');
    expect(findSecretLikeContent({ note: 'see HTTPS://a:b@example.com' })).toBe('note');
    expect(findSecretLikeContent({ url: 'https://example.com/a@b?c=d@e#f@g' })).toBeUndefined();
    expect(findSecretLikeContent({ contact: 'ops@example.com' })).toBeUndefined();
  });

  it('finds secret-looking keys whatever their value', () => {
    expect(findSecretLikeContent({ clientSecret: 'x' })).toBe('clientSecret');
    expect(findSecretLikeContent({ nested: { passwordHash: null } })).toBe('nested.passwordHash');
    expect(findSecretLikeContent([{ access_token: 1 }])).toBe('[0].access_token');
  });

  it('names the path through nested arrays and objects', () => {
    expect(findSecretLikeContent([{ a: [[0, { b: jwt }]] }])).toBe('[0].a[0][1].b');
    expect(findSecretLikeContent({ list: [[], ['x', 'sk_live_0123456789abcdefghijkl']] })).toBe(
      'list[1][1]',
    );
  });

  it('passes ordinary audit data', () => {
    expect(
      findSecretLikeContent({
        tenantId: randomUUID(),
        clientId: 'agt_0123456789abcdef',
        scopes: ['reports:read'],
        name: 'eyes on the ball',
        count: 3,
        nothing: null,
      }),
    ).toBeUndefined();
  });
});

describe('validateForAppend', () => {
  const tenantId = randomUUID();

  it('returns the event with its schema version stamped into the metadata', () => {
    const validated = validateForAppend(
      'TenantCreated',
      { tenantId, name: 'Acme' },
      metadataFor(tenantId),
    );
    expect(validated.schemaVersion).toBe(1);
    expect(validated.metadata.schemaVersion).toBe(1);
    expect(validated.data).toEqual({ tenantId, name: 'Acme' });
  });

  it('refuses a secret value in data or metadata', () => {
    expect(() =>
      validateForAppend('TenantCreated', { tenantId, name: jwt }, metadataFor(tenantId)),
    ).toThrow(/must not contain secrets \(at name\)/);
    expect(() =>
      validateForAppend(
        'TenantCreated',
        { tenantId, name: 'Acme' },
        { ...metadataFor(tenantId), actor: { type: 'agent', id: jwt } },
      ),
    ).toThrow(/must not contain secrets \(at actor.id\)/);
  });

  it('refuses unknown types, unknown keys and bad metadata', () => {
    expect(() => validateForAppend('Nope', {}, metadataFor(tenantId))).toThrow(InvalidEventError);
    expect(() =>
      validateForAppend(
        'TenantCreated',
        { tenantId, name: 'A', secret: 'x' },
        metadataFor(tenantId),
      ),
    ).toThrow(/Invalid TenantCreated data/);
    expect(() =>
      validateForAppend(
        'TenantCreated',
        { tenantId, name: 'A' },
        { ...metadataFor(tenantId), tenantId: 'x' },
      ),
    ).toThrow(/metadata at tenantId/);
  });
});
