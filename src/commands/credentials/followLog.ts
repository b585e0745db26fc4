import type { EventStore } from '../../eventstore/EventStore.js';
import { deleteFollowUps } from '../../followUps/followUpRecords.js';
import { streamNames } from '../../events/streams.js';
import type { CommandDeps } from '../commandDeps.js';
import {
  applyLoggedCredentials,
  findClientCredentials,
  type ClientCredentials,
} from './clientCredentials.js';
import { foldCredentials } from './credentialsFold.js';

export interface CredentialsTarget {
  clientId: string;
  /** The stream that decides the client's credentials: its agent's, or its tenant's. */
  streamName: string;
}

export function credentialsStream(client: Pick<ClientCredentials, 'tenantId' | 'agentId'>): string {
  return client.agentId
    ? streamNames.agent(client.tenantId, client.agentId)
    : streamNames.tenant(client.tenantId);
}

/**
 * Brings the client's row up to its stream: reads the whole stream, folds it
 * and applies the result, which never moves the row backwards. The row then
 * follows every event read, so their follow-up records go. Every command
 * calls it after its append; the token endpoint calls it whenever the row is
 * behind the stream, and the worker's sweep for records a command left (a
 * command that stopped after its append).
 */
export async function syncCredentials(
  deps: Pick<CommandDeps, 'eventStore' | 'pool' | 'clock'>,
  target: CredentialsTarget,
): Promise<void> {
  const events = await deps.eventStore.readStream(target.streamName);
  const logged = foldCredentials(events, target.clientId);
  if (!logged) return;
  await applyLoggedCredentials(deps.pool, target.clientId, logged, deps.clock.now());
  await deleteFollowUps(
    deps.pool,
    events.map((event) => event.id),
  );
}

/** The client's row as its stream says it is now; one cheap read when already current. */
export async function currentCredentials(
  deps: Pick<CommandDeps, 'eventStore' | 'pool' | 'clock'>,
  client: ClientCredentials,
): Promise<ClientCredentials | undefined> {
  const streamName = credentialsStream(client);
  const head = await headRevision(deps.eventStore, streamName);
  if (head === undefined || head <= client.revision) return client;
  await syncCredentials(deps, { clientId: client.clientId, streamName });
  return findClientCredentials(deps.pool, client.clientId);
}

// On every token request: a store that can answer the revision alone spares
// reading and decoding the stream's last event.
async function headRevision(
  eventStore: EventStore,
  streamName: string,
): Promise<bigint | undefined> {
  if (eventStore.streamRevision) return eventStore.streamRevision(streamName);
  const [last] = await eventStore.readStream(streamName, { direction: 'backwards', maxCount: 1 });
  return last?.streamRevision;
}
