import { randomUUID } from 'node:crypto';
import { streamNames } from '../../events/streams.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { hashClientSecret, newClientId, newClientSecret } from '../credentials/clientSecrets.js';
import { syncCredentials } from '../credentials/followLog.js';
import { appendFollowedByRow } from '../credentials/followedAppend.js';
import { appendWithPendingCredentials } from '../credentials/pendingCredentials.js';
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

// The credentials row goes first, inactive, and the registration event
// activates it; a failed append removes it again (appendWithPendingCredentials).
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
        append: ({ newEvents, state, expectedRevision, now }) =>
          appendWithPendingCredentials(
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
            () => appendFollowedByRow(deps, { clientId, streamName }, newEvents, expectedRevision),
          ),
      },
    ),
  );
  await syncCredentials(deps, { clientId, streamName });
  return { ...snapshot, clientSecret };
}
