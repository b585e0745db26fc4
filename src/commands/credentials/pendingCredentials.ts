import type { Pool } from '../../db/pool.js';
import type { AppendOutcome } from '../appendOutcome.js';
import { deleteClientCredentials, insertPendingClientCredentials } from './clientCredentials.js';

/**
 * A new client's credentials row goes in first, inactive, so that every client
 * in the log has a row; the appended events then activate it. When the append
 * failed, or the store could not say whether it wrote, the row is removed
 * again: its secret was never shown, so a registration that did land has no
 * usable credentials either way. Should the removal fail too, the row stays
 * inert (inactive, its secret never shown).
 */
export async function appendWithPendingCredentials(
  pool: Pool,
  credentials: Parameters<typeof insertPendingClientCredentials>[1],
  now: Date,
  append: () => Promise<AppendOutcome>,
): Promise<bigint> {
  await insertPendingClientCredentials(pool, credentials, now);
  const outcome = await append();
  if (outcome.appended !== true) {
    await deleteClientCredentials(pool, credentials.clientId).catch(() => {});
    throw outcome.error;
  }
  return outcome.revision;
}
