import type { Logger } from '../../logger.js';
import type { CommandDeps } from '../commandDeps.js';
import { dropAbandonedFollowUp, dueFollowUps } from './credentialFollowUps.js';
import { syncCredentials } from './followLog.js';

export interface SettleOptions {
  /** Records younger than this belong to commands that may still be running. */
  olderThanMs: number;
  limit?: number;
}

/**
 * Brings the rows of the oldest follow-up records up to their streams, which
 * removes every record whose event is in the log; a record a day old whose
 * event is not is dropped. A client whose stream cannot be read keeps its
 * records and leaves the others to settle.
 * Answers how many records were looked at.
 */
export async function settleFollowUps(
  deps: Pick<CommandDeps, 'eventStore' | 'pool' | 'clock'> & { logger: Logger },
  options: SettleOptions,
): Promise<number> {
  const due = await dueFollowUps(deps.pool, options.olderThanMs, options.limit ?? 100);
  const targets = new Map(due.map((followUp) => [followUp.clientId, followUp.streamName]));
  const unsettled = new Set<string>();
  for (const [clientId, streamName] of targets) {
    try {
      await syncCredentials(deps, { clientId, streamName });
    } catch (error) {
      unsettled.add(clientId);
      deps.logger.warn({ err: error, clientId }, 'credentials follow-up failed; retried later');
    }
  }
  for (const followUp of due) {
    if (followUp.abandoned && !unsettled.has(followUp.clientId)) {
      await dropAbandonedFollowUp(deps.pool, followUp.eventId);
    }
  }
  return due.length;
}
