import type { Logger } from '../logger.js';
import {
  dropAbandonedFollowUp,
  dueFollowUps,
  type FollowUpKind,
  type FollowUpTarget,
} from './followUpRecords.js';

/**
 * Brings one row up to its stream; never moves it backwards, and removes the
 * records of the events it read.
 */
export type FollowStream = (target: FollowUpTarget) => Promise<void>;

export interface SettleDeps {
  pool: Parameters<typeof dueFollowUps>[0];
  logger: Logger;
  follow: Record<FollowUpKind, FollowStream>;
}

export interface SettleOptions {
  /** Records younger than this belong to commands that may still be running. */
  olderThanMs: number;
  limit?: number;
}

/**
 * Brings the rows of the oldest records up to their streams, which removes
 * every record whose event is in the log; a record a day old whose event is
 * not is dropped. A row whose stream cannot be read keeps its records and
 * leaves the others to settle. Answers how many records were looked at.
 */
export async function settleFollowUps(deps: SettleDeps, options: SettleOptions): Promise<number> {
  const due = await dueFollowUps(deps.pool, options.olderThanMs, options.limit ?? 100);
  const rowOf = (target: FollowUpTarget) => `${target.kind}:${target.rowKey}`;
  const targets = new Map(due.map((followUp) => [rowOf(followUp), followUp]));
  const unsettled = new Set<string>();
  for (const [row, target] of targets) {
    try {
      await deps.follow[target.kind](target);
    } catch (error) {
      unsettled.add(row);
      deps.logger.warn({ err: error, kind: target.kind }, 'follow-up failed; retried later');
    }
  }
  for (const followUp of due) {
    if (followUp.abandoned && !unsettled.has(rowOf(followUp))) {
      await dropAbandonedFollowUp(deps.pool, followUp.eventId);
    }
  }
  return due.length;
}
