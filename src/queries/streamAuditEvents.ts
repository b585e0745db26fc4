import type { EventStore, GlobalPosition } from '../eventstore/EventStore.js';
import { ValidationError } from '../errors.js';
import {
  auditFilter,
  decodePosition,
  occurredWithin,
  toAuditView,
  type AuditEventView,
  type AuditFilterQuery,
} from './getAuditEvents.js';

/**
 * The longest occurred_at range one export covers. Memory does not depend on
 * it (events stream through in pages); it bounds how long one download holds
 * a connection and what one click can pull out of the log.
 */
export const auditExportMaxDays = 92;
const dayMs = 86_400_000;
// Events per store read: each read is one indexed query of the tenant's log.
const pageSize = 1000;

export interface AuditExportQuery extends AuditFilterQuery {
  /** Start at a page's next_cursor instead of the newest event. */
  cursor?: string | undefined;
  cursorKey: Buffer;
}

/**
 * The export's occurred_at range: as asked, or the longest allowed ending at
 * `to` (or now) when `from` is left out. Longer is a 400 naming `from`.
 */
export function auditExportRange(
  query: { from?: Date | undefined; to?: Date | undefined },
  now: Date,
): { from: Date; to?: Date | undefined } {
  const end = query.to ?? now;
  const from = query.from ?? new Date(end.getTime() - auditExportMaxDays * dayMs);
  if (query.to === undefined && from.getTime() >= end.getTime()) {
    throw new ValidationError([
      { field: 'from', message: 'must be before to, which is now when not given' },
    ]);
  }
  if (end.getTime() - from.getTime() > auditExportMaxDays * dayMs) {
    throw new ValidationError([
      { field: 'from', message: `an export covers at most ${auditExportMaxDays} days` },
    ]);
  }
  return { from, to: query.to };
}

/**
 * Every matching event, newest first, in pages read from the store as the
 * consumer pulls them: memory stays at one page whatever the log holds.
 * The order and visibility are those of the paged listing (getAuditEvents),
 * without its per-request scan budget. The cursor is checked and the first
 * page read before this resolves, so a bad cursor or an unreachable store is
 * still an error answer, not a download cut short.
 */
export async function openAuditEventStream(
  store: EventStore,
  query: AuditExportQuery,
): Promise<AsyncIterable<AuditEventView[]>> {
  const start = query.cursor
    ? decodePosition(query.cursorKey, query.cursor, query.tenantId)
    : undefined;
  const filter = auditFilter(query);
  const read = (from: GlobalPosition | undefined) =>
    store.scanAll({
      direction: 'backwards',
      maxCount: pageSize,
      maxScan: pageSize * 10,
      filter,
      ...(from ? { from } : {}),
    });
  const first = await read(start);
  return (async function* () {
    let scan = first;
    for (;;) {
      // The next page is read while this one is sent: two pages in memory at most.
      const next = scan.resumeFrom === null ? undefined : read(scan.resumeFrom);
      next?.catch(() => undefined); // awaited below; a consumer that stops early leaves it unread
      yield scan.events.filter((event) => occurredWithin(event, query)).map(toAuditView);
      if (next === undefined) return;
      scan = await next;
    }
  })();
}
