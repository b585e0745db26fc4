import type { Pool } from '../../db/pool.js';
import type { CommandDeps } from '../commandDeps.js';
import { appendedRevision, appendWithOutcome, type AppendOutcome } from '../appendOutcome.js';
import type { PendingAppend } from '../handleCommand.js';
import { deleteFollowUps, insertFollowUp } from './credentialFollowUps.js';
import type { CredentialsTarget } from './followLog.js';

/**
 * Records that the client's row must follow this append, then appends. The
 * record goes again when the append did not happen. Otherwise it stays until
 * the row is brought up to a stream holding the append's last event, by the
 * command's own sync or, should the command stop first, by the token
 * endpoint or the worker's sweep.
 */
export async function appendFollowedByRow(
  pool: Pool,
  target: CredentialsTarget,
  events: readonly { id: string }[],
  append: () => Promise<AppendOutcome>,
): Promise<AppendOutcome> {
  const eventId = (events.at(-1) as { id: string }).id;
  await insertFollowUp(pool, { eventId, ...target });
  const outcome = await append();
  if (outcome.appended === false) {
    await deleteFollowUps(pool, target.clientId, [eventId]).catch(() => {});
  }
  return outcome;
}

/** handleCommand's append for a command whose events move the credentials of the client in its state. */
export function credentialsAppend<State>(
  deps: Pick<CommandDeps, 'pool' | 'eventStore'>,
  streamName: string,
  clientIdOf: (state: State) => string,
): (pending: PendingAppend<State>) => Promise<bigint> {
  return async ({ newEvents, state, expectedRevision }) =>
    appendedRevision(
      await appendFollowedByRow(
        deps.pool,
        { clientId: clientIdOf(state), streamName },
        newEvents,
        () => appendWithOutcome(deps.eventStore, streamName, newEvents, expectedRevision),
      ),
    );
}
