import type { RevisionPrecondition } from '../aggregateStream.js';
import { streamNames } from '../../events/streams.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { syncCredentials } from '../credentials/followLog.js';
import { credentialsAppend } from '../credentials/followedAppend.js';
import { handleCommand } from '../handleCommand.js';
import {
  clientIdOf,
  commandOptions,
  requireExisting,
  toSnapshot,
  type AgentSnapshot,
} from './agentStream.js';
import { agentDecider } from './decideAgent.js';

export interface DeactivateAgentInput {
  tenantId: string;
  agentId: string;
  reason?: string | null;
  precondition?: RevisionPrecondition;
  origin: CommandOrigin;
}

// The event first, then the credentials row from the log: a refused or failed
// append leaves the agent as it was, everywhere. Should the process stop
// between the two, the token endpoint finds the row behind its stream and
// brings it up to date before it decides, so no token request that starts
// after the deactivation is in the log gets a token (one already past that
// check may still finish, as if it had come a moment earlier). Deactivating a
// deactivated agent appends nothing.
export async function deactivateAgent(
  deps: CommandDeps,
  input: DeactivateAgentInput,
): Promise<AgentSnapshot> {
  const streamName = streamNames.agent(input.tenantId, input.agentId);
  const snapshot = toSnapshot(
    await handleCommand(
      agentDecider,
      { type: 'DeactivateAgent', reason: input.reason ?? null },
      {
        ...deps,
        streamName,
        ...commandOptions(input),
        accept: requireExisting,
        append: credentialsAppend(deps, streamName, clientIdOf),
      },
    ),
  );
  await syncCredentials(deps, { clientId: snapshot.agent.clientId, streamName });
  return snapshot;
}
