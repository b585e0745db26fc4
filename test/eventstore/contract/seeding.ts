import { randomUUID } from 'node:crypto';
import {
  START,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '../../../src/eventstore/EventStore.js';
import { streamNames } from '../../../src/events/streams.js';
import { agentRegistered, tenantCreated, tokenIssued, untilReadable } from '../fixtures.js';

/** A tenant with a tenant stream, two agents and their token streams, in append order. */
export async function seedTenant(store: EventStore): Promise<{
  tenantId: string;
  agentIds: string[];
  last: GlobalPosition;
}> {
  const tenantId = randomUUID();
  const agentIds = [randomUUID(), randomUUID()];
  await store.appendToStream(streamNames.tenant(tenantId), [tenantCreated(tenantId)]);
  let last = START;
  for (const agentId of agentIds) {
    await store.appendToStream(streamNames.agent(tenantId, agentId), [
      agentRegistered(tenantId, agentId),
    ]);
    const appended = await store.appendToStream(streamNames.tokens(tenantId, agentId), [
      tokenIssued(tenantId, agentId),
      tokenIssued(tenantId, agentId),
    ]);
    last = appended.position;
  }
  await untilReadable(store, last);
  return { tenantId, agentIds, last };
}

export async function readAllInBatches(
  store: EventStore,
  options: { tenantId: string; direction?: 'forwards' | 'backwards'; from?: GlobalPosition },
  batchSize: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from = options.from;
  for (;;) {
    const batch = await store.readAll({
      direction: options.direction ?? 'forwards',
      maxCount: batchSize,
      filter: { tenantId: options.tenantId },
      ...(from ? { from } : {}),
    });
    events.push(...batch);
    if (batch.length < batchSize) return events;
    from = batch.at(-1)?.position;
  }
}
