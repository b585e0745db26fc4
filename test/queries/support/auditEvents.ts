import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../../src/eventstore/EventStore.js';
import { streamNames } from '../../../src/events/streams.js';

/** Appends one AgentUpdated event for the agent, as the commands would. */
export async function appendAgentUpdate(
  store: EventStore,
  input: { tenantId: string; agentId: string; name: string; occurredAt: string },
): Promise<void> {
  await store.appendToStream(streamNames.agent(input.tenantId, input.agentId), [
    {
      type: 'AgentUpdated',
      data: { tenantId: input.tenantId, agentId: input.agentId, name: input.name },
      metadata: metadataFor(input.tenantId, input.occurredAt),
    },
  ]);
}

/** Appends one TokenIssued event for the agent. */
export async function appendTokenIssued(
  store: EventStore,
  input: { tenantId: string; agentId: string; occurredAt: string },
): Promise<void> {
  await store.appendToStream(streamNames.tokens(input.tenantId, input.agentId), [
    {
      type: 'TokenIssued',
      data: {
        tenantId: input.tenantId,
        agentId: input.agentId,
        clientId: `agt_${input.agentId.replaceAll('-', '').slice(0, 20)}`,
        jti: randomUUID(),
        scopes: [],
        expiresAt: new Date(Date.parse(input.occurredAt) + 3_600_000).toISOString(),
      },
      metadata: metadataFor(input.tenantId, input.occurredAt, { type: 'agent', id: input.agentId }),
    },
  ]);
}

export function metadataFor(
  tenantId: string,
  occurredAt: string,
  actor: { type: 'admin' | 'agent' | 'system' | 'cli'; id: string } = {
    type: 'admin',
    id: 'admin-1',
  },
) {
  return { tenantId, occurredAt, actor, correlationId: randomUUID(), causationId: null };
}
