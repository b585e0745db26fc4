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

export interface UpdateAgentInput {
  tenantId: string;
  agentId: string;
  name?: string;
  description?: string | null;
  scopes?: readonly string[];
  /** From If-Match: the revision the caller last saw. */
  precondition?: RevisionPrecondition;
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
  const snapshot = toSnapshot(
    await handleCommand(
      agentDecider,
      {
        type: 'UpdateAgent',
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.scopes !== undefined ? { scopes: input.scopes } : {}),
      },
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
