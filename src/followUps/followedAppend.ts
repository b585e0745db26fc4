import type { Pool } from '../db/pool.js';
import { deleteFollowUps, insertFollowUp, type FollowUpTarget } from './followUpRecords.js';

/** Whether an append happened; 'unknown' when the store could not say. */
interface Outcome {
  appended: boolean | 'unknown';
}

/**
 * Records that the target row must follow this append, then appends. The
 * record goes again when the append did not happen. Otherwise it stays until
 * the row is brought up to a stream holding the append's last event: by the
 * command's own sync or, should the command stop first, by whoever else
 * follows the log for that row, the worker's sweep at the latest.
 */
export async function appendFollowedBy<T extends Outcome>(
  pool: Pool,
  target: FollowUpTarget,
  events: readonly { id: string }[],
  append: () => Promise<T>,
): Promise<T> {
  const eventId = (events.at(-1) as { id: string }).id;
  await insertFollowUp(pool, eventId, target);
  const outcome = await append();
  if (outcome.appended === false) await deleteFollowUps(pool, [eventId]).catch(() => {});
  return outcome;
}
