import { describe, expect, it } from '@jest/globals';
import type { VerifiedAccessToken } from '../../src/auth/accessTokens.js';
import {
  decideTokenRevocation,
  mayManageToken,
  type TokenCaller,
} from '../../src/commands/tokens/decideTokenRevocation.js';

const tenant = '11111111-1111-4111-8111-111111111111';
const otherTenant = '22222222-2222-4222-8222-222222222222';
const agentId = '33333333-3333-4333-8333-333333333333';
const admin: TokenCaller = { tenantId: tenant, clientId: 'adm_aaaaaaaaaaaaaaaa', kind: 'admin' };
const agent: TokenCaller = { tenantId: tenant, clientId: 'agt_bbbbbbbbbbbbbbbb', kind: 'agent' };

const agentToken: VerifiedAccessToken = {
  subject: agentId,
  tenantId: tenant,
  clientId: agent.clientId,
  scopes: ['read'],
  roles: [],
  jti: '44444444-4444-4444-8444-444444444444',
  issuedAt: new Date('2026-11-25T12:00:00Z'),
  expiresAt: new Date('2026-11-25T13:00:00Z'),
};
const adminToken: VerifiedAccessToken = {
  ...agentToken,
  subject: admin.clientId,
  clientId: admin.clientId,
  scopes: [],
  roles: ['tenant_admin'],
};

describe('mayManageToken', () => {
  it('lets a tenant admin act on every token of its tenant, an agent on its own only', () => {
    expect(mayManageToken(admin, agentToken)).toBe(true);
    expect(mayManageToken(admin, adminToken)).toBe(true);
    expect(mayManageToken(agent, agentToken)).toBe(true);
    expect(mayManageToken(agent, adminToken)).toBe(false);
    expect(mayManageToken({ ...agent, clientId: 'agt_cccccccccccccccc' }, agentToken)).toBe(false);
  });

  it('never crosses tenants', () => {
    expect(mayManageToken({ ...admin, tenantId: otherTenant }, agentToken)).toBe(false);
    expect(
      mayManageToken({ ...agent, tenantId: otherTenant }, { ...agentToken, tenantId: tenant }),
    ).toBe(false);
  });
});

describe('decideTokenRevocation', () => {
  it("records the token's agent, client, expiry and who revoked it", () => {
    expect(
      decideTokenRevocation({ caller: admin, token: agentToken, alreadyRevoked: false }),
    ).toEqual({
      tenantId: tenant,
      agentId,
      clientId: agent.clientId,
      jti: agentToken.jti,
      expiresAt: '2026-11-25T13:00:00.000Z',
      revokedBy: admin.clientId,
    });
    expect(
      decideTokenRevocation({ caller: admin, token: adminToken, alreadyRevoked: false })?.agentId,
    ).toBeNull();
  });

  it('records nothing for an invalid, already revoked or foreign token', () => {
    expect(decideTokenRevocation({ caller: admin, token: undefined, alreadyRevoked: false })).toBe(
      undefined,
    );
    expect(decideTokenRevocation({ caller: admin, token: agentToken, alreadyRevoked: true })).toBe(
      undefined,
    );
    expect(
      decideTokenRevocation({ caller: agent, token: adminToken, alreadyRevoked: false }),
    ).toBeUndefined();
    expect(
      decideTokenRevocation({
        caller: { ...admin, tenantId: otherTenant },
        token: agentToken,
        alreadyRevoked: false,
      }),
    ).toBeUndefined();
  });
});
