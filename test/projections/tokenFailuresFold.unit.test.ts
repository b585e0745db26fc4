import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { EventDataOf } from '../../src/events/schemas.js';
import { foldTokenFailures } from '../../src/readModels/tokenFailures/projection.js';
import { clientIdFor, projected, tokenIssued } from './support/projectedEvents.js';

const tenant = randomUUID();
const otherTenant = randomUUID();
const agent = randomUUID();

type Rejection = EventDataOf<'TokenRequestRejected'>;

function rejected(tenantId: string, agentId: string | null, error: Rejection['error'], at: string) {
  return projected(
    'TokenRequestRejected',
    {
      tenantId,
      agentId,
      clientId: agentId ? clientIdFor(agentId) : 'adm_0123456789abcdef0123',
      error,
      reason: 'rejected',
    },
    at,
  );
}

const sortKey = (row: object) => JSON.stringify(Object.entries(row).sort());
const sorted = <T extends object>(rows: T[]) =>
  [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('token failures fold', () => {
  it('buckets by UTC day on both sides of midnight, keeping the latest instant', () => {
    const deltas = foldTokenFailures([
      rejected(tenant, agent, 'invalid_client', '2026-03-01T23:59:59.999Z'),
      rejected(tenant, agent, 'invalid_client', '2026-03-02T00:00:00.001Z'),
      rejected(tenant, agent, 'invalid_client', '2026-03-02T00:00:00.000Z'),
    ]);
    expect(sorted(deltas)).toEqual(
      sorted([
        {
          tenantId: tenant,
          date: '2026-03-01',
          agentId: agent,
          reason: 'invalid_client',
          count: 1,
          lastFailureAt: new Date('2026-03-01T23:59:59.999Z'),
        },
        {
          tenantId: tenant,
          date: '2026-03-02',
          agentId: agent,
          reason: 'invalid_client',
          count: 2,
          lastFailureAt: new Date('2026-03-02T00:00:00.001Z'),
        },
      ]),
    );
  });

  it('keeps error codes, the admin client and tenants apart and ignores other events', () => {
    const at = '2026-05-05T12:00:00.000Z';
    const deltas = foldTokenFailures([
      rejected(tenant, agent, 'invalid_scope', at),
      rejected(tenant, agent, 'rate_limited', at),
      rejected(tenant, null, 'invalid_client', at),
      rejected(otherTenant, null, 'invalid_client', at),
      tokenIssued(tenant, agent, at),
    ]);
    const key = { date: '2026-05-05', count: 1, lastFailureAt: new Date(at) };
    expect(sorted(deltas)).toEqual(
      sorted([
        { ...key, tenantId: tenant, agentId: agent, reason: 'invalid_scope' },
        { ...key, tenantId: tenant, agentId: agent, reason: 'rate_limited' },
        { ...key, tenantId: tenant, agentId: null, reason: 'invalid_client' },
        { ...key, tenantId: otherTenant, agentId: null, reason: 'invalid_client' },
      ]),
    );
  });
});
