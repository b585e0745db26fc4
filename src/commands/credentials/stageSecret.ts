import type { Pool } from '../../db/pool.js';
import type { AppendOutcome } from '../appendOutcome.js';
import { deleteSecretCandidate, insertSecretCandidate } from './clientCredentials.js';

/**
 * Stages a new secret hash under the id of the event that gives it (the last
 * of `events`), then appends. When the append did not happen the staged hash
 * is dropped; when it is unknown whether it did, the hash stays staged: should
 * the event be in the log, the row must find it.
 */
export async function stageSecret(
  pool: Pool,
  clientId: string,
  secretHash: Buffer,
  events: readonly { id: string }[],
  append: () => Promise<AppendOutcome>,
): Promise<bigint> {
  const eventId = (events.at(-1) as { id: string }).id;
  await insertSecretCandidate(pool, clientId, eventId, secretHash);
  const outcome = await append();
  if (outcome.appended === true) return outcome.revision;
  if (outcome.appended === false) {
    await deleteSecretCandidate(pool, clientId, eventId).catch(() => {});
  }
  throw outcome.error;
}
