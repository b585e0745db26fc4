import {
  eventSchemas,
  isEventType,
  type DomainEventData,
  type EventType,
} from '../events/schemas.js';
import type { GlobalPosition, RecordedEvent } from '../eventstore/EventStore.js';
import { passesQuickCheck } from './quickDataCheck.js';

/** An event as the folds see it: data checked against its schema, occurred-at parsed. */
export type ProjectedEvent = DomainEventData & {
  readonly id: string;
  readonly tenantId: string;
  readonly occurredAt: Date;
  readonly position: GlobalPosition;
};

/** What decoding reads of a log event. */
export interface EncodedEvent extends Pick<RecordedEvent, 'id' | 'type' | 'data' | 'position'> {
  readonly metadata: Pick<RecordedEvent['metadata'], 'tenantId' | 'occurredAt'>;
}

/** The event can never be projected: retrying cannot help, so it is parked. */
export class PoisonEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonEventError';
  }
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function checkedData(type: EventType, data: unknown): unknown {
  if (passesQuickCheck(type, data)) return data;
  const parsed = eventSchemas[type].schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PoisonEventError(
      `Invalid ${type} data at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

// Adapters validate on append, but the log is immutable and may hold rows
// written by older code or by hand; each event is re-checked so one bad row
// is parked instead of failing every batch after it.
export function decodeEvent(event: EncodedEvent): ProjectedEvent {
  if (!isEventType(event.type)) throw new PoisonEventError(`Unknown event type ${event.type}`);
  const checked = checkedData(event.type, event.data);
  const occurredAtText = event.metadata?.occurredAt;
  const occurredAt = new Date(occurredAtText);
  if (typeof occurredAtText !== 'string' || !isoInstant.test(occurredAtText)) {
    throw new PoisonEventError(`Invalid occurredAt ${String(occurredAtText)}`);
  }
  if (Number.isNaN(occurredAt.getTime())) {
    throw new PoisonEventError(`Invalid occurredAt ${occurredAtText}`);
  }
  const data = checked as { tenantId: string; agentId?: unknown };
  if (event.metadata.tenantId !== data.tenantId) {
    throw new PoisonEventError(
      `Metadata tenant ${event.metadata.tenantId} differs from data tenant ${data.tenantId}`,
    );
  }
  // Postgres compares uuids without case but folds key rows by their text:
  // one id in two cases would land twice on one row in a batch's upsert,
  // failing every batch after it. This service writes ids in lower case.
  for (const id of [data.tenantId, data.agentId]) {
    if (typeof id === 'string' && id !== id.toLowerCase()) {
      throw new PoisonEventError(`Id ${id} is not in lower case`);
    }
  }
  return {
    type: event.type,
    data: checked,
    id: event.id,
    tenantId: data.tenantId,
    occurredAt,
    position: event.position,
  } as ProjectedEvent;
}
