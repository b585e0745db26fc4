import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { EncodedEvent } from '../../src/projections/projectedEvent.js';
import { foldPage } from '../../src/projections/rebuild/foldPage.js';
import { foldDailyMetrics } from '../../src/readModels/dailyMetrics/projection.js';
import { allProjections } from '../../src/readModels/allProjections.js';

const tenantId = randomUUID();
let prepare = 0n;

function encoded(
  type: string,
  data: unknown,
  occurredAt = '2026-06-01T10:00:00.000Z',
): EncodedEvent {
  prepare += 1n;
  return {
    id: randomUUID(),
    type,
    data,
    metadata: { tenantId, occurredAt },
    position: { commit: 1n, prepare },
  };
}

const tokenIssued = (agentId: string) =>
  encoded('TokenIssued', {
    tenantId,
    agentId,
    clientId: `agt_${agentId.replace(/-/g, '').slice(0, 20)}`,
    jti: randomUUID(),
    scopes: ['read'],
    expiresAt: '2030-01-01T00:00:00.000Z',
  });

const byName = (name: string) => allProjections.findIndex((projection) => projection.name === name);

describe('folding a page for a rebuild (the fold thread)', () => {
  it('folds each projection to the deltas of its own fold, and names poison events by index', () => {
    const agentId = randomUUID();
    const page = [
      tokenIssued(agentId),
      encoded('TokenIssued', { tenantId, agentId: 'not a uuid' }),
      tokenIssued(agentId),
      encoded('TokenIssued', { tenantId }, 'yesterday'),
    ];
    const folded = foldPage(allProjections, page);
    expect(folded.poison.map(([index]) => index)).toEqual([1, 3]);
    expect(folded.poison[0]?.[1]).toMatch(/^Invalid TokenIssued data at agentId/);
    const daily = folded.shares[byName('dailyMetrics')];
    expect(daily).toEqual({
      deltas: {
        metrics: [{ tenantId, date: '2026-06-01', metricType: 'token_issued', count: 2 }],
        quarters: [{ tenantId, quarter: '2026-06-01T10:00:00.000Z', count: 2 }],
      },
      tenants: [tenantId],
    });
    expect(folded.shares[byName('agents')]).toEqual({ deltas: [], tenants: [] });
  });

  it('gives a projection without a fold its decoded events instead', () => {
    const applyOnly = allProjections.map(({ deltas: _deltas, ...withoutFold }) => withoutFold);
    const page = [tokenIssued(randomUUID()), tokenIssued(randomUUID())];
    const share = foldPage(applyOnly, page).shares[byName('dailyMetrics')];
    if (!share || !('events' in share)) throw new Error('expected decoded events');
    expect(share.events.map((event) => event.id)).toEqual(page.map((event) => event.id));
    expect(foldDailyMetrics(share.events).metrics).toEqual([
      { tenantId, date: '2026-06-01', metricType: 'token_issued', count: 2 },
    ]);
  });
});
