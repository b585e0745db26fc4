import { appendFollowedBy } from '../../followUps/followedAppend.js';
import { appendedRevision, appendWithOutcome, type AppendOutcome } from '../appendOutcome.js';
import type { CommandDeps } from '../commandDeps.js';
import type { PendingAppend } from '../handleCommand.js';
import type { CredentialsTarget } from './followLog.js';

/** Appends, with a record that the client's row must follow the append (appendFollowedBy). */
export function appendFollowedByRow(
  deps: Pick<CommandDeps, 'pool' | 'eventStore'>,
  target: CredentialsTarget,
  newEvents: PendingAppend<unknown>['newEvents'],
  expectedRevision: PendingAppend<unknown>['expectedRevision'],
): Promise<AppendOutcome> {
  return appendFollowedBy(
    deps.pool,
    { kind: 'credentials', rowKey: target.clientId, streamName: target.streamName },
    newEvents,
    () => appendWithOutcome(deps.eventStore, target.streamName, newEvents, expectedRevision),
  );
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
        deps,
        { clientId: clientIdOf(state), streamName },
        newEvents,
        expectedRevision,
      ),
    );
}
