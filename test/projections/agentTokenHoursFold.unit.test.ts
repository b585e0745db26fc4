import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { foldAgentTokenHours } from '../../src/readModels/agentTokenHours/projection.js';
import { projected, tokenIssued } from './support/projectedEvents.js';

const tenant = randomUUID();
const agent = randomUUID();
const otherAgent = randomUUID();

const sortKey = (row: object) => JSON.stringify(Object.entries(row).sort());
const sorted = <T extends object>(rows: T[]) =>
  [...rows].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));

describe('agent token hours fold', () => {
  it('counts agent tokens per UTC hour on both sides of the hour, not admin tokens or refusals', () => {
    const deltas = foldAgentTokenHours([
      tokenIssued(tenant, agent, '2026-03-01T23:59:59.999Z'),
      tokenIssued(tenant, agent, '2026-03-02T00:00:00.000Z'),
      tokenIssued(tenant, agent, '2026-03-02T00:59:59.999Z'),
      tokenIssued(tenant, otherAgent, '2026-03-02T00:30:00.000Z'),
      tokenIssued(tenant, null, '2026-03-02T00:30:00.000Z'),
      projected(
        'TokenRequestRejected',
        {
          tenantId: tenant,
          agentId: agent,
          clientId: 'agt_0123456789abcdef0123456789abcdef',
          error: 'quota_exceeded',
          reason: 'token quota of 3 per hour reached',
        },
        '2026-03-02T00:40:00.000Z',
      ),
      projected(
        'AgentQuotaSet',
        { tenantId: tenant, agentId: agent, limit: 3, period: 'hour', mode: 'enforce' },
        '2026-03-02T00:41:00.000Z',
      ),
    ]);
    expect(sorted(deltas)).toEqual(
      sorted([
        { tenantId: tenant, agentId: agent, hour: '2026-03-01T23:00:00.000Z', count: 1 },
        { tenantId: tenant, agentId: agent, hour: '2026-03-02T00:00:00.000Z', count: 2 },
        { tenantId: tenant, agentId: otherAgent, hour: '2026-03-02T00:00:00.000Z', count: 1 },
      ]),
    );
  });
});
