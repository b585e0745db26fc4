import { streamNames } from '../../eventstore/events/streams.js';
import { assertRevision, toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { replaceClientSecret } from '../credentials/clientCredentials.js';
import { hashClientSecret, newClientSecret } from '../credentials/clientSecrets.js';
import { applyEvents, loadAgent, requireExisting, type AgentSnapshot } from './agentStream.js';
import { decideAgent } from './decideAgent.js';

export interface RotateAgentSecretInput {
  tenantId: string;
  agentId: string;
  ifMatch?: bigint;
  origin: CommandOrigin;
}

export interface RotatedAgentSecret extends AgentSnapshot {
  /** Returned once, here; only its hash is stored. */
  clientSecret: string;
}

// The old secret stops working before the event is appended (fail-closed): a
// rotation is often a response to a leak. If the append then fails, the caller
// sees an error and rotates again.
export async function rotateAgentSecret(
  deps: CommandDeps,
  input: RotateAgentSecretInput,
): Promise<RotatedAgentSecret> {
  const clientSecret = newClientSecret();
  let replaced = false;
  const snapshot = await withConcurrencyRetry(input.ifMatch, async () => {
    const loaded = await loadAgent(deps.eventStore, input.tenantId, input.agentId);
    requireExisting(loaded);
    assertRevision(loaded.revision, input.ifMatch);
    const events = decideAgent({ type: 'RotateAgentSecret' }, loaded.state);
    const now = deps.clock.now();
    if (!replaced) {
      await replaceClientSecret(
        deps.pool,
        loaded.state.clientId,
        hashClientSecret(clientSecret),
        now,
      );
      replaced = true;
    }
    const result = await deps.eventStore.appendToStream(
      streamNames.agent(input.tenantId, input.agentId),
      toNewEvents(events, input.tenantId, input.origin, now),
      { expectedRevision: loaded.revision },
    );
    return { agent: applyEvents(loaded.state, events), revision: result.nextExpectedRevision };
  });
  return { ...snapshot, clientSecret };
}
