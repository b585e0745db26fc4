// The audit log over EventStoreDB, whose adapter filters $all in the client:
// a rare filter must not read the whole log in one request.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EsdbEventStore } from '../../src/eventstore/esdb/EsdbEventStore.js';
import { streamNames } from '../../src/events/streams.js';
import { auditScanBudget, getAuditEvents } from '../../src/queries/getAuditEvents.js';
import { startEsdbDouble, type EsdbDouble } from '../eventstore/esdbDouble/server.js';
import { appendAgentUpdate, metadataFor } from './support/auditEvents.js';
import { domainEventCodec } from '../../src/events/registry.js';

describe('audit reads over EventStoreDB with a rare filter', () => {
  let double: EsdbDouble;
  let store: EsdbEventStore;
  beforeAll(async () => {
    double = await startEsdbDouble();
    store = EsdbEventStore.connect(double.url, domainEventCodec);
  });
  afterAll(async () => {
    await store.close();
    await double.stop();
  });

  it('stops each request after the scan budget and pages on with a cursor until the rare events are found', async () => {
    const tenantId = randomUUID();
    const agentId = randomUUID();
    for (const name of ['first', 'second', 'third']) {
      await appendAgentUpdate(store, {
        tenantId,
        agentId,
        name,
        occurredAt: '2026-03-01T10:00:00.000Z',
      });
    }
    // A busy other tenant appends far more than one request may read.
    const busy = randomUUID();
    const busyAgent = randomUUID();
    const others = auditScanBudget + 1000;
    for (let written = 0; written < others; written += 500) {
      await store.appendToStream(
        streamNames.tokens(busy, busyAgent),
        Array.from({ length: 500 }, () => ({
          type: 'TokenIssued',
          data: {
            tenantId: busy,
            agentId: busyAgent,
            clientId: `agt_${busyAgent.replaceAll('-', '').slice(0, 20)}`,
            jti: randomUUID(),
            scopes: [],
            expiresAt: '2026-03-01T11:00:00.000Z',
          },
          metadata: metadataFor(busy, '2026-03-01T10:00:00.000Z'),
        })),
      );
    }
    let served = 0;
    const read = double.log.events.length;
    expect(read).toBeGreaterThan(others);
    const countingRead = store.scanAll.bind(store);
    store.scanAll = async (options) => {
      const result = await countingRead(options);
      served += result.scanned;
      return result;
    };

    const query = {
      tenantId,
      type: 'AgentUpdated',
      agentId,
      limit: 10,
      cursorKey: randomBytes(32),
    };
    const first = await getAuditEvents(store, query);
    expect(first.items).toEqual([]);
    expect(first.next_cursor).not.toBeNull();
    expect(served).toBeLessThanOrEqual(auditScanBudget);

    served = 0;
    const second = await getAuditEvents(store, { ...query, cursor: first.next_cursor as string });
    expect(second.items.map((item) => (item.data as { name: string }).name)).toEqual([
      'third',
      'second',
      'first',
    ]);
    expect(second.next_cursor).toBeNull();
    expect(served).toBeLessThanOrEqual(auditScanBudget);
  }, 60000);
});
