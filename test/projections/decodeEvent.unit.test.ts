import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '../../src/eventstore/EventStore.js';
import { decodeBatch } from '../../src/projections/runner/applyBatch.js';
import { dailyMetricsProjection } from '../../src/readModels/dailyMetrics/projection.js';
import { agentsProjection } from '../../src/readModels/agents/projection.js';
import { decodeEvents, handledByAny, shareOf } from '../../src/projections/runner/decodedEvent.js';
import { monthlyTokensProjection } from '../../src/readModels/monthlyTokens/projection.js';
import { PoisonEventError, decodeEvent } from '../../src/projections/projectedEvent.js';

const tenantId = randomUUID();

function recorded(
  type: string,
  data: unknown,
  occurredAt = '2026-06-01T00:00:00.000Z',
): RecordedEvent {
  return {
    id: randomUUID(),
    type,
    schemaVersion: 1,
    streamName: `tokens-${tenantId}.x`,
    streamRevision: 0n,
    position: { commit: 5n, prepare: 9n },
    data,
    metadata: {
      tenantId,
      occurredAt,
      actor: { type: 'system', id: 't' },
      correlationId: 'c',
      causationId: null,
    },
    recordedAt: new Date(),
  };
}

const validToken = {
  tenantId,
  agentId: randomUUID(),
  clientId: 'agt_0123456789abcdef0123',
  jti: randomUUID(),
  scopes: [],
  expiresAt: '2030-01-01T00:00:00.000Z',
};

describe('decoding events for projection', () => {
  it('decodes a valid event with its occurred-at as a Date', () => {
    const event = decodeEvent(recorded('TokenIssued', validToken, '2026-06-01T05:06:07.000Z'));
    expect(event.occurredAt.toISOString()).toBe('2026-06-01T05:06:07.000Z');
    expect(event.tenantId).toBe(tenantId);
  });

  it('rejects ids not in lower case, which would key one row twice', () => {
    const upperTenant = tenantId.toUpperCase();
    const event = recorded('TokenIssued', { ...validToken, tenantId: upperTenant });
    const upper = { ...event, metadata: { ...event.metadata, tenantId: upperTenant } };
    expect(() => decodeEvent(upper)).toThrow(/not in lower case/);
    const agent = recorded('TokenIssued', { ...validToken, agentId: randomUUID().toUpperCase() });
    expect(() => decodeEvent(agent)).toThrow(/not in lower case/);
  });

  it('rejects data that breaks its schema and instants that are not UTC', () => {
    expect(() => decodeEvent(recorded('TokenIssued', { ...validToken, agentId: 'x' }))).toThrow(
      PoisonEventError,
    );
    expect(() =>
      decodeEvent(recorded('TokenIssued', validToken, '2026-06-01T05:06:07+02:00')),
    ).toThrow(PoisonEventError);
  });

  it('splits a batch into events to fold and events to park, ignoring other types', () => {
    const bad = recorded('TokenIssued', { ...validToken, jti: 'not-a-uuid' });
    const { decoded, parked } = decodeBatch(monthlyTokensProjection, [
      recorded('TokenIssued', validToken),
      bad,
      recorded('TenantCreated', { tenantId, name: 'x' }),
    ]);
    expect(decoded).toHaveLength(1);
    expect(parked.map((p) => p.event.id)).toEqual([bad.id]);
    expect(parked[0]?.error).toMatch(/jti/);
  });

  it('decodes a batch once and gives each projection its share', () => {
    const bad = recorded('TokenIssued', { ...validToken, jti: 'not-a-uuid' });
    const projections = [monthlyTokensProjection, dailyMetricsProjection, agentsProjection];
    const events = decodeEvents(
      [
        recorded('TokenIssued', validToken),
        bad,
        recorded('TenantCreated', { tenantId, name: 'x' }),
      ],
      handledByAny(projections),
    );
    expect(events.map((e) => [e.projected !== undefined, e.poison !== undefined])).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
    const monthly = shareOf(monthlyTokensProjection, events);
    const daily = shareOf(dailyMetricsProjection, events);
    expect(daily.decoded[0]).toBe(monthly.decoded[0]);
    expect([monthly, daily].map((share) => share.parked.map((p) => p.event.id))).toEqual([
      [bad.id],
      [bad.id],
    ]);
    expect(shareOf(agentsProjection, events)).toEqual({ decoded: [], parked: [] });
    expect(shareOf(monthlyTokensProjection, events, 'write failed').parked).toHaveLength(2);
  });
});
