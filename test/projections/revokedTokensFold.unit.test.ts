import { describe, expect, it } from '@jest/globals';
import { foldRevokedTokens } from '../../src/readModels/revokedTokens/projection.js';
import type { ProjectedEvent } from '../../src/projections/projectedEvent.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const revoked = (jti: string, at: string): ProjectedEvent => ({
  type: 'TokenRevoked',
  data: {
    tenantId,
    agentId: null,
    clientId: 'adm_aaaaaaaaaaaaaaaa',
    jti,
    expiresAt: '2026-11-25T13:00:00.000Z',
    revokedBy: 'adm_aaaaaaaaaaaaaaaa',
  },
  id: jti,
  tenantId,
  occurredAt: new Date(at),
  position: { commit: 1n, prepare: 1n },
});

describe('foldRevokedTokens', () => {
  it('gives one row per jti, from its first revocation', () => {
    const a = '22222222-2222-4222-8222-222222222222';
    const b = '33333333-3333-4333-8333-333333333333';
    expect(
      foldRevokedTokens([
        revoked(a, '2026-11-25T12:00:00.000Z'),
        revoked(b, '2026-11-25T12:01:00.000Z'),
        revoked(a, '2026-11-25T12:02:00.000Z'),
      ]),
    ).toEqual([
      {
        tenantId,
        jti: a,
        expiresAt: '2026-11-25T13:00:00.000Z',
        revokedAt: '2026-11-25T12:00:00.000Z',
      },
      {
        tenantId,
        jti: b,
        expiresAt: '2026-11-25T13:00:00.000Z',
        revokedAt: '2026-11-25T12:01:00.000Z',
      },
    ]);
  });
});
