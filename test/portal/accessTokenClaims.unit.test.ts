import { describe, expect, it } from '@jest/globals';
import { isTenantAdminToken } from '../../portal/lib/accessTokenClaims.js';
import { NOT_ADMIN_MESSAGE } from '../../portal/lib/signInErrors.js';

const tokenWith = (claims: unknown) =>
  `eyJhbGciOiJFZERTQSJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

describe('isTenantAdminToken', () => {
  it('is true only for a token carrying the tenant admin role', () => {
    expect(isTenantAdminToken(tokenWith({ roles: ['tenant_admin'] }))).toBe(true);
    expect(isTenantAdminToken(tokenWith({ scope: 'analytics:read' }))).toBe(false);
    expect(isTenantAdminToken(tokenWith({ roles: 'tenant_admin' }))).toBe(false);
    expect(isTenantAdminToken(tokenWith(null))).toBe(false);
    expect(isTenantAdminToken('not-a-token')).toBe(false);
    expect(isTenantAdminToken('a.!!!.c')).toBe(false);
  });

  it('comes with a message that says the credentials are not an admin client', () => {
    expect(NOT_ADMIN_MESSAGE).toMatch(/not an admin client/);
  });
});
