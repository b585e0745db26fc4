import { streamNames } from '../../eventstore/events/streams.js';
import { assertRevision, toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { deactivateClientCredentials } from '../credentials/clientCredentials.js';
import { applyEvents, loadAgent, requireExisting, type AgentSnapshot } from './agentStream.js';
import { decideAgent } from './decideAgent.js';

export interface DeactivateAgentInput {
  tenantId: string;
  agentId: string;
  reason?: string | null;
  ifMatch?: bigint;
  origin: CommandOrigin;
}

// Credentials are disabled before the event is appended (fail-closed): once
// this returns, or even if the append fails, the agent gets no more tokens.
// Deactivating a deactivated agent changes nothing and appends nothing.
export async function deactivateAgent(
  deps: CommandDeps,
  input: DeactivateAgentInput,
): Promise<AgentSnapshot> {
  return withConcurrencyRetry(input.ifMatch, async () => {
    const loaded = await loadAgent(deps.eventStore, input.tenantId, input.agentId);
    requireExisting(loaded);
    assertRevision(loaded.revision, input.ifMatch);
    const events = decideAgent(
      { type: 'DeactivateAgent', reason: input.reason ?? null },
      loaded.state,
    );
    const now = deps.clock.now();
    await deactivateClientCredentials(deps.pool, loaded.state.clientId, now);
    if (events.length === 0) return { agent: loaded.state, revision: loaded.revision };
    const result = await deps.eventStore.appendToStream(
      streamNames.agent(input.tenantId, input.agentId),
      toNewEvents(events, input.tenantId, input.origin, now),
      { expectedRevision: loaded.revision },
    );
    return { agent: applyEvents(loaded.state, events), revision: result.nextExpectedRevision };
  });
}
