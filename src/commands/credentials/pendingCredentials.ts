import type { Pool } from '../../db/pool.js';
import type { AppendOutcome } from '../appendOutcome.js';
import { deleteClientCredentials, insertPendingClientCredentials } from './clientCredentials.js';

/**
 * A new client's credentials row goes in first, inactive, so that every client
 * in the log has a row; the appended events then activate it. When the append
 * did not happen the row is removed again. When the store cannot say whether
 * it wrote, the row stays: should the events be in the log, the client has its
 * row (later commands and syncs find it); should they not, the row is inert
 * (inactive, its secret never shown), as it is when the removal fails.
 */
export async function appendWithPendingCredentials(
  pool: Pool,
  credentials: Parameters<typeof insertPendingClientCredentials>[1],
  now: Date,
  append: () => Promise<AppendOutcome>,
): Promise<bigint> {
  await insertPendingClientCredentials(pool, credentials, now);
  const outcome = await append();
  if (outcome.appended === true) return outcome.revision;
  if (outcome.appended === false) {
    await deleteClientCredentials(pool, credentials.clientId).catch(() => {});
  }
  throw outcome.error;
}
