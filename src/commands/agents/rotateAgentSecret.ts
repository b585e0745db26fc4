import type { RevisionPrecondition } from '../aggregateStream.js';
import { streamNames } from '../../events/streams.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { hashClientSecret, newClientSecret } from '../credentials/clientSecrets.js';
import { syncCredentials } from '../credentials/followLog.js';
import { appendFollowedByRow } from '../credentials/followedAppend.js';
import { stageSecret } from '../credentials/stageSecret.js';
import { handleCommand } from '../handleCommand.js';
import {
  commandOptions,
  requireExisting,
  toSnapshot,
  type AgentSnapshot,
  type ExistingAgent,
} from './agentStream.js';
import { agentDecider } from './decideAgent.js';

export interface RotateAgentSecretInput {
  tenantId: string;
  agentId: string;
  precondition?: RevisionPrecondition;
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
  const snapshot = toSnapshot(
    await handleCommand(
      agentDecider,
      { type: 'RotateAgentSecret' },
      {
        ...deps,
        streamName,
        ...commandOptions(input),
        accept: requireExisting,
        append: ({ newEvents, state, expectedRevision }) =>
          stageSecret(deps.pool, (state as ExistingAgent).clientId, secretHash, newEvents, () =>
            appendFollowedByRow(
              deps,
              { clientId: (state as ExistingAgent).clientId, streamName },
              newEvents,
              expectedRevision,
            ),
          ),
      },
    ),
  );
  await syncCredentials(deps, { clientId: snapshot.agent.clientId, streamName });
  return { ...snapshot, clientSecret };
}
