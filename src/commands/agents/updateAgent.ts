import { streamNames } from '../../eventstore/events/streams.js';
import { assertRevision, toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { setClientScopes } from '../credentials/clientCredentials.js';
import { applyEvents, loadAgent, requireExisting, type AgentSnapshot } from './agentStream.js';
import { decideAgent } from './decideAgent.js';

export interface UpdateAgentInput {
  tenantId: string;
  agentId: string;
  name?: string;
  description?: string | null;
  scopes?: readonly string[];
  /** From If-Match: the revision the caller last saw. */
  ifMatch?: bigint;
  origin: CommandOrigin;
}

// Event first, then the credentials' scopes. The row is always set from the
// resulting state, so repeating a request whose second step failed repairs it.
export async function updateAgent(
  deps: CommandDeps,
  input: UpdateAgentInput,
): Promise<AgentSnapshot> {
  const snapshot = await withConcurrencyRetry(input.ifMatch, async () => {
    const loaded = await loadAgent(deps.eventStore, input.tenantId, input.agentId);
    requireExisting(loaded);
    assertRevision(loaded.revision, input.ifMatch);
    const events = decideAgent(
      {
        type: 'UpdateAgent',
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.scopes !== undefined ? { scopes: input.scopes } : {}),
      },
      loaded.state,
    );
    if (events.length === 0) return { agent: loaded.state, revision: loaded.revision };
    const result = await deps.eventStore.appendToStream(
      streamNames.agent(input.tenantId, input.agentId),
      toNewEvents(events, input.tenantId, input.origin, deps.clock.now()),
      { expectedRevision: loaded.revision },
    );
    return { agent: applyEvents(loaded.state, events), revision: result.nextExpectedRevision };
  });
  if (input.scopes !== undefined) {
    await setClientScopes(
      deps.pool,
      snapshot.agent.clientId,
      snapshot.agent.scopes,
      deps.clock.now(),
    );
  }
  return snapshot;
}
