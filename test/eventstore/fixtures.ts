import { randomBytes, randomUUID } from 'node:crypto';
import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type NewEvent,
} from '../../src/eventstore/EventStore.js';

// Valid domain events for event-store tests; every test works in its own
// tenant so tests sharing one store never see each other's events.

export function metadataFor(tenantId: string) {
  return {
    tenantId,
    occurredAt: '2026-11-25T10:00:00.000Z',
    actor: { type: 'system' as const, id: 'contract' },
    correlationId: randomUUID(),
    causationId: null,
  };
}

export function tenantCreated(tenantId: string, name = 'Acme'): NewEvent {
  return { type: 'TenantCreated', data: { tenantId, name }, metadata: metadataFor(tenantId) };
}

export function clientIdFor(): string {
  return `agt_${randomBytes(12).toString('hex')}`;
}

export function agentRegistered(tenantId: string, agentId = randomUUID()): NewEvent {
  return {
    type: 'AgentRegistered',
    data: {
      tenantId,
      agentId,
      clientId: clientIdFor(),
      name: 'Reporter',
      description: null,
      scopes: ['reports:read'],
    },
    metadata: metadataFor(tenantId),
  };
}

export function tokenIssued(tenantId: string, agentId: string): NewEvent {
  return {
    type: 'TokenIssued',
    data: {
      tenantId,
      agentId,
      clientId: clientIdFor(),
      jti: randomUUID(),
      scopes: [],
      expiresAt: '2026-11-25T11:00:00.000Z',
    },
    metadata: metadataFor(tenantId),
  };
}

/** Polls until `check` passes or the deadline ends; rethrows the last failure. */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  check: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 20 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Waits until readAll can return `position`: a store may hold back events
 *  of transactions that committed after an older one still running. */
export async function untilReadable(store: EventStore, position: GlobalPosition): Promise<void> {
  await eventually(
    () => store.readAll({ direction: 'backwards', maxCount: 1 }),
    (events) => events[0] !== undefined && comparePositions(events[0].position, position) >= 0,
  );
}
