import { streamNames } from '../../eventstore/events/streams.js';
import { appendWithOutcome, withEventIds } from '../appendOutcome.js';
import { assertRevision, toNewEvents, withConcurrencyRetry } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { hashClientSecret, newClientSecret } from '../credentials/clientSecrets.js';
import { syncCredentials } from '../credentials/followLog.js';
import { stageSecret } from '../credentials/stageSecret.js';
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

// The new secret's hash is staged under the id of the rotation event; the row
// takes it over once that event is in the log, so the secret that works is
// always the one of the latest rotation in the log, however rotations race.
// If the process stops after the append, the token endpoint finds the row
// behind its stream and takes the staged hash over before it decides: the old
// secret stops working as soon as the rotation is in the log.
export async function rotateAgentSecret(
  deps: CommandDeps,
  input: RotateAgentSecretInput,
): Promise<RotatedAgentSecret> {
  const clientSecret = newClientSecret();
  const secretHash = hashClientSecret(clientSecret);
  const streamName = streamNames.agent(input.tenantId, input.agentId);
  const snapshot = await withConcurrencyRetry(input.ifMatch, async () => {
    const loaded = await loadAgent(deps.eventStore, input.tenantId, input.agentId);
    requireExisting(loaded);
    assertRevision(loaded.revision, input.ifMatch);
    const events = decideAgent({ type: 'RotateAgentSecret' }, loaded.state);
    const newEvents = withEventIds(
      toNewEvents(events, input.tenantId, input.origin, deps.clock.now()),
    );
    const revision = await stageSecret(
      deps.pool,
      loaded.state.clientId,
      secretHash,
      newEvents,
      () => appendWithOutcome(deps.eventStore, streamName, newEvents, loaded.revision),
    );
    return { agent: applyEvents(loaded.state, events), revision };
  });
  await syncCredentials(deps, { clientId: snapshot.agent.clientId, streamName });
  return { ...snapshot, clientSecret };
}
