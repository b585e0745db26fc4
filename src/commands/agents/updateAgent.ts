import { streamNames } from '../../eventstore/events/streams.js';
import { appendWithOutcome, withEventIds } from '../appendOutcome.js';
import { assertRevision, toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { syncCredentials } from '../credentials/followLog.js';
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

// Event first, then the credentials' scopes from the log. Two racing updates
// are ordered by their revisions, and the row only moves forward, so it ends
// with the scopes of the later event whichever request writes last.
export async function updateAgent(
  deps: CommandDeps,
  input: UpdateAgentInput,
): Promise<AgentSnapshot> {
  const streamName = streamNames.agent(input.tenantId, input.agentId);
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
    const outcome = await appendWithOutcome(
      deps.eventStore,
      streamName,
      withEventIds(toNewEvents(events, input.tenantId, input.origin, deps.clock.now())),
      loaded.revision,
    );
    if (outcome.appended !== true) throw outcome.error;
    return { agent: applyEvents(loaded.state, events), revision: outcome.revision };
  });
  await syncCredentials(deps, { clientId: snapshot.agent.clientId, streamName });
  return snapshot;
}
