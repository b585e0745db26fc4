import { comparePositions, type RecordedEvent } from '../../eventstore/EventStore.js';
import type { CheckpointRow } from './checkpoints.js';

/** Orders checkpoints from the furthest behind to the furthest ahead. Pure. */
export function byPosition(checkpoints: readonly CheckpointRow[]): CheckpointRow[] {
  return [...checkpoints].sort((a, b) => comparePositions(a.position, b.position));
}

/**
 * Splits checkpoints, ordered by byPosition, at a page read from the first of
 * them: `covered` are those the page reaches (each has its events after its
 * own position in it, or none left), `beyond` those past its last event. An
 * empty page is the head of the log, which every checkpoint has reached. Pure.
 */
export function splitAtPage(
  ordered: readonly CheckpointRow[],
  page: readonly RecordedEvent[],
): { covered: CheckpointRow[]; beyond: CheckpointRow[] } {
  const last = page.at(-1);
  if (!last) return { covered: [...ordered], beyond: [] };
  const reached = ordered.filter((c) => comparePositions(c.position, last.position) <= 0);
  return { covered: reached, beyond: ordered.slice(reached.length) };
}

/** The events of a page after a checkpoint's position: that projection's share of the read. Pure. */
export function eventsAfter<T extends { readonly event: RecordedEvent }>(
  page: readonly T[],
  position: CheckpointRow['position'],
): T[] {
  const first = page.findIndex((entry) => comparePositions(entry.event.position, position) > 0);
  return first === -1 ? [] : page.slice(first);
}
