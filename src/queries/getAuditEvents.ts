import type { Actor } from '../events/metadata.js';
import { agentStreamPrefixes } from '../events/streams.js';
import type {
  EventFilter,
  EventStore,
  GlobalPosition,
  RecordedEvent,
} from '../eventstore/EventStore.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../readModels/cursor.js';

const cursorKind = 'audit';
const cursorPatterns = [/^-?\d{1,20}$/, /^-?\d{1,20}$/];

// occurred_at filters are applied here, and an EventStoreDB store filters by
// tenant, agent and type in the client, so a sparse filter could mean scanning
// a long history. Each request examines at most this many log events (matching
// or not); if the page is still short, next_cursor resumes the scan there.
export const auditScanBudget = 5000;
const batchSize = 500;

export interface AuditFilterQuery {
  tenantId: string;
  agentId?: string | undefined;
  type?: string | undefined;
  /** Inclusive lower bound on occurred_at. */
  from?: Date | undefined;
  /** Exclusive upper bound on occurred_at. */
  to?: Date | undefined;
}

export interface AuditQuery extends AuditFilterQuery {
  limit: number;
  cursor?: string | undefined;
  /** The page cursor key (cursorKey.ts). */
  cursorKey: Buffer;
}

export interface AuditEventView {
  id: string;
  type: string;
  stream: string;
  position: string;
  occurred_at: string;
  actor: Actor;
  metadata: {
    correlation_id: string;
    causation_id: string | null;
    schema_version: number;
    recorded_at: string;
  };
  data: unknown;
}

export interface AuditPage {
  items: AuditEventView[];
  next_cursor: string | null;
}

/**
 * The tenant's raw events, newest first, straight from the event store. The
 * store's backwards read only returns events that no running transaction can
 * still precede, so the log below a cursor never changes: pages neither
 * repeat nor miss events while others append.
 */
export async function getAuditEvents(store: EventStore, query: AuditQuery): Promise<AuditPage> {
  let from = query.cursor
    ? decodePosition(query.cursorKey, query.cursor, query.tenantId)
    : undefined;
  const filter = auditFilter(query);
  const items: RecordedEvent[] = [];
  let budget = auditScanBudget;
  while (budget > 0) {
    const scan = await store.scanAll({
      direction: 'backwards',
      maxCount: Math.min(batchSize, budget),
      maxScan: budget,
      filter,
      ...(from ? { from } : {}),
    });
    budget -= Math.max(1, scan.scanned);
    for (const event of scan.events) {
      if (!occurredWithin(event, query)) continue;
      items.push(event);
      if (items.length === query.limit) {
        // A full page; a following page may be empty, which costs one cheap read.
        return page(items, encodePosition(query.cursorKey, event.position, query.tenantId));
      }
    }
    if (scan.resumeFrom === null) return page(items, null);
    from = scan.resumeFrom;
  }
  return page(items, from ? encodePosition(query.cursorKey, from, query.tenantId) : null);
}

/** The store filter for the tenant, agent and type; occurred_at is checked by occurredWithin. */
export function auditFilter(query: AuditFilterQuery): EventFilter {
  return {
    tenantId: query.tenantId,
    ...(query.type ? { eventTypes: [query.type] } : {}),
    ...(query.agentId
      ? { streamNamePrefixes: agentStreamPrefixes(query.tenantId, query.agentId) }
      : {}),
  };
}

export function occurredWithin(event: RecordedEvent, query: AuditFilterQuery): boolean {
  const occurredAt = Date.parse(event.metadata.occurredAt);
  if (query.from && occurredAt < query.from.getTime()) return false;
  if (query.to && occurredAt >= query.to.getTime()) return false;
  return true;
}

function page(events: RecordedEvent[], nextCursor: string | null): AuditPage {
  return { items: events.map(toAuditView), next_cursor: nextCursor };
}

export function toAuditView(event: RecordedEvent): AuditEventView {
  return {
    id: event.id,
    type: event.type,
    stream: event.streamName,
    position: `${event.position.commit}:${event.position.prepare}`,
    occurred_at: event.metadata.occurredAt,
    actor: event.metadata.actor,
    metadata: {
      correlation_id: event.metadata.correlationId,
      causation_id: event.metadata.causationId,
      schema_version: event.schemaVersion,
      recorded_at: event.recordedAt.toISOString(),
    },
    data: event.data,
  };
}

function encodePosition(key: Buffer, position: GlobalPosition, tenantId: string): string {
  return encodeCursor(key, cursorKind, tenantId, [
    position.commit.toString(),
    position.prepare.toString(),
  ]);
}

export function decodePosition(key: Buffer, cursor: string, tenantId: string): GlobalPosition {
  const values = decodeCursor(key, cursor, cursorKind, tenantId, cursorPatterns);
  const [commit, prepare] = values.map(BigInt);
  if (!inInt8(commit) || !inInt8(prepare)) throw invalidCursor();
  return { commit, prepare };
}

function inInt8(value: bigint | undefined): value is bigint {
  return value !== undefined && value >= -1n && value < 2n ** 63n;
}
