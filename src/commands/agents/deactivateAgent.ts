import { streamNames } from '../../eventstore/events/streams.js';
import { appendWithOutcome, withEventIds } from '../appendOutcome.js';
import { assertRevision, toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { syncCredentials } from '../credentials/followLog.js';
import { applyEvents, loadAgent, requireExisting, type AgentSnapshot } from './agentStream.js';
import { decideAgent } from './decideAgent.js';

export interface DeactivateAgentInput {
  tenantId: string;
  agentId: string;
  reason?: string | null;
  ifMatch?: bigint;
  origin: CommandOrigin;
}

// The event first, then the credentials row from the log: a refused or failed
// append leaves the agent as it was, everywhere. Should the process stop
// between the two, the token endpoint finds the row behind its stream and
// brings it up to date before it decides, so no token is issued after the
// deactivation is in the log. Deactivating a deactivated agent appends nothing.
export async function deactivateAgent(
  deps: CommandDeps,
  input: DeactivateAgentInput,
): Promise<AgentSnapshot> {
  const streamName = streamNames.agent(input.tenantId, input.agentId);
  const snapshot = await withConcurrencyRetry(input.ifMatch, async () => {
    const loaded = await loadAgent(deps.eventStore, input.tenantId, input.agentId);
    requireExisting(loaded);
    assertRevision(loaded.revision, input.ifMatch);
    const events = decideAgent(
      { type: 'DeactivateAgent', reason: input.reason ?? null },
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
