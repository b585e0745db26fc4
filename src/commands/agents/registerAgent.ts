import { randomUUID } from 'node:crypto';
import { streamNames } from '../../events/streams.js';
import { appendWithOutcome } from '../appendOutcome.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import {
  deleteClientCredentials,
  insertPendingClientCredentials,
} from '../credentials/clientCredentials.js';
import { hashClientSecret, newClientId, newClientSecret } from '../credentials/clientSecrets.js';
import { syncCredentials } from '../credentials/followLog.js';
import { handleCommand } from '../handleCommand.js';
import { toSnapshot, type AgentSnapshot, type ExistingAgent } from './agentStream.js';
import { agentDecider } from './decideAgent.js';

export interface RegisterAgentInput {
  tenantId: string;
  name: string;
  description?: string | null;
  scopes?: readonly string[];
  origin: CommandOrigin;
}

export interface RegisteredAgent extends AgentSnapshot {
  /** Returned once, here; only its hash is stored. */
  clientSecret: string;
}

// The credentials row goes first, inactive, so that every client in the log
// has a row; the registration event then activates it. If the append failed
// the row is removed again, also when the store could not say whether it
// wrote: the secret was never shown, so a registration that did land has no
// usable credentials either way. Should the removal fail too, the row stays
// inert (inactive, its secret never shown).
export async function registerAgent(
  deps: CommandDeps,
  input: RegisterAgentInput,
): Promise<RegisteredAgent> {
  const agentId = randomUUID();
  const clientId = newClientId('agent');
  const clientSecret = newClientSecret();
  const streamName = streamNames.agent(input.tenantId, agentId);
  const snapshot = toSnapshot(
    await handleCommand(
      agentDecider,
      {
        type: 'RegisterAgent',
        tenantId: input.tenantId,
        agentId,
        clientId,
        name: input.name,
        description: input.description ?? null,
        scopes: input.scopes ?? [],
      },
      {
        ...deps,
        streamName,
        tenantId: input.tenantId,
        origin: input.origin,
        newStream: true,
        append: async ({ newEvents, state, expectedRevision, now }) => {
          await insertPendingClientCredentials(
            deps.pool,
            {
              clientId,
              tenantId: input.tenantId,
              kind: 'agent',
              agentId,
              secretHash: hashClientSecret(clientSecret),
              scopes: (state as ExistingAgent).scopes,
              secretEventId: (newEvents[0] as { id: string }).id,
            },
            now,
          );
          const outcome = await appendWithOutcome(
            deps.eventStore,
            streamName,
            newEvents,
            expectedRevision,
          );
          if (outcome.appended !== true) {
            await deleteClientCredentials(deps.pool, clientId).catch(() => {});
            throw outcome.error;
          }
          return outcome.revision;
        },
      },
    ),
  );
  await syncCredentials(deps, { clientId, streamName });
  return { ...snapshot, clientSecret };
}
