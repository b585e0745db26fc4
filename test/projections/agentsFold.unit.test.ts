import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { foldAgents } from '../../src/readModels/agents/projection.js';
import { clientIdFor, projected, tokenIssued } from './support/projectedEvents.js';

const tenant = randomUUID();

function registered(agentId: string, at: string) {
  return projected(
    'AgentRegistered',
    {
      tenantId: tenant,
      agentId,
      clientId: clientIdFor(agentId),
      name: 'Indexer',
      description: 'crawls',
      scopes: ['read'],
    },
    at,
  );
}

describe('agents fold', () => {
  it('folds a registration with later updates and deactivation into one full row', () => {
    const agent = randomUUID();
    const [change, ...rest] = foldAgents([
      registered(agent, '2026-04-01T10:00:00.000Z'),
      projected(
        'AgentUpdated',
        { tenantId: tenant, agentId: agent, description: null, scopes: ['read', 'write'] },
        '2026-04-01T11:00:00.000Z',
      ),
      projected(
        'AgentDeactivated',
        { tenantId: tenant, agentId: agent, reason: 'retired' },
        '2026-04-02T09:00:00.000Z',
      ),
      tokenIssued(tenant, agent, '2026-04-03T09:00:00.000Z'),
    ]);
    expect(rest).toEqual([]);
    expect(change).toEqual({
      tenantId: tenant,
      agentId: agent,
      registered: true,
      clientId: clientIdFor(agent),
      name: 'Indexer',
      description: null,
      scopes: ['read', 'write'],
      registeredAt: new Date('2026-04-01T10:00:00.000Z'),
      deactivatedAt: new Date('2026-04-02T09:00:00.000Z'),
      updatedAt: new Date('2026-04-02T09:00:00.000Z'),
    });
  });

  it('yields a patch for an agent registered in an earlier batch, leaving unset fields alone', () => {
    const agent = randomUUID();
    const [change] = foldAgents([
      projected(
        'AgentUpdated',
        { tenantId: tenant, agentId: agent, name: 'Renamed' },
        '2026-04-05T00:00:00.000Z',
      ),
    ]);
    expect(change).toEqual({
      tenantId: tenant,
      agentId: agent,
      registered: false,
      name: 'Renamed',
      updatedAt: new Date('2026-04-05T00:00:00.000Z'),
    });
    expect(change).not.toHaveProperty('description');
  });

  it('keeps agents independent when their streams interleave in any order', () => {
    const a = randomUUID();
    const b = randomUUID();
    const aEvents = [
      registered(a, '2026-04-01T10:00:00.000Z'),
      projected(
        'AgentUpdated',
        { tenantId: tenant, agentId: a, name: 'A2' },
        '2026-04-01T12:00:00.000Z',
      ),
    ];
    const bEvents = [
      registered(b, '2026-04-01T11:00:00.000Z'),
      projected(
        'AgentDeactivated',
        { tenantId: tenant, agentId: b, reason: null },
        '2026-04-01T11:30:00.000Z',
      ),
    ];
    const byAgent = (changes: ReturnType<typeof foldAgents>) =>
      Object.fromEntries(changes.map((c) => [c.agentId, c]));
    const interleaved = byAgent(foldAgents([bEvents[0]!, aEvents[0]!, bEvents[1]!, aEvents[1]!]));
    const grouped = byAgent(foldAgents([...aEvents, ...bEvents]));
    expect(interleaved).toEqual(grouped);
    expect(grouped[a]).toMatchObject({ name: 'A2' });
    expect(grouped[a]).not.toHaveProperty('deactivatedAt');
    expect(grouped[b]).toMatchObject({ deactivatedAt: new Date('2026-04-01T11:30:00.000Z') });
  });

  it('keeps the last quota of a batch, null once removed, and leaves it alone otherwise', () => {
    const agent = randomUUID();
    const quota = (limit: number) =>
      projected(
        'AgentQuotaSet',
        { tenantId: tenant, agentId: agent, limit, period: 'day', mode: 'enforce' },
        '2026-04-01T12:00:00.000Z',
      );
    const removed = projected(
      'AgentQuotaRemoved',
      { tenantId: tenant, agentId: agent },
      '2026-04-01T13:00:00.000Z',
    );
    expect(foldAgents([quota(5), quota(9)])[0]?.quota).toEqual({
      limit: 9,
      period: 'day',
      mode: 'enforce',
    });
    expect(foldAgents([quota(5), removed])[0]?.quota).toBeNull();
    expect(foldAgents([registered(agent, '2026-04-01T10:00:00.000Z')])[0]?.quota).toBeUndefined();
  });
});
