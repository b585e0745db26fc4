import { randomUUID } from 'node:crypto';
import type { EventDataOf, EventType } from '../../../src/events/schemas.js';
import type { ProjectedEvent } from '../../../src/projections/projectedEvent.js';

let sequence = 0n;

/** A decoded event as folds receive it, positioned after every earlier one. */
export function projected<T extends EventType>(
  type: T,
  data: EventDataOf<T>,
  occurredAt: string,
): ProjectedEvent {
  sequence += 1n;
  return {
    type,
    data,
    id: randomUUID(),
    tenantId: (data as { tenantId: string }).tenantId,
    occurredAt: new Date(occurredAt),
    position: { commit: 1n, prepare: sequence },
  } as ProjectedEvent;
}

export const clientIdFor = (agentId: string) => `agt_${agentId.replace(/-/g, '').slice(0, 20)}`;

export function tokenIssued(tenantId: string, agentId: string | null, at: string): ProjectedEvent {
  return projected(
    'TokenIssued',
    {
      tenantId,
      agentId,
      clientId: agentId ? clientIdFor(agentId) : 'adm_0123456789abcdef0123',
      jti: randomUUID(),
      scopes: ['read'],
      expiresAt: '2030-01-01T00:00:00.000Z',
    },
    at,
  );
}
