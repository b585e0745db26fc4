import type { RevisionPrecondition } from '../aggregateStream.js';
import { streamNames } from '../../events/streams.js';
import {
  clientIdOf,
  commandOptions,
  requireExisting,
  toSnapshot,
  type AgentSnapshot,
} from '../agents/agentStream.js';
import { agentDecider } from '../agents/decideAgent.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import { syncCredentials } from '../credentials/followLog.js';
import { credentialsAppend } from '../credentials/followedAppend.js';
import { handleCommand } from '../handleCommand.js';
import type { AgentQuota } from './agentQuota.js';

export interface AgentQuotaInput {
  tenantId: string;
  agentId: string;
  /** From If-Match: the revision the caller last saw. */
  precondition?: RevisionPrecondition;
  origin: CommandOrigin;
}

// Event first, then the credentials row from the log: the token endpoint
// reads the quota with the credentials, so the command answers only once
// the row follows it (as every agent command does).
export async function setAgentQuota(
  deps: CommandDeps,
  input: AgentQuotaInput & { quota: AgentQuota },
): Promise<AgentSnapshot> {
  return quotaCommand(deps, input, { type: 'SetAgentQuota', ...input.quota });
}

export async function removeAgentQuota(
  deps: CommandDeps,
  input: AgentQuotaInput,
): Promise<AgentSnapshot> {
  return quotaCommand(deps, input, { type: 'RemoveAgentQuota' });
}

async function quotaCommand(
  deps: CommandDeps,
  input: AgentQuotaInput,
  command: Parameters<typeof agentDecider.decide>[0],
): Promise<AgentSnapshot> {
  const streamName = streamNames.agent(input.tenantId, input.agentId);
  const snapshot = toSnapshot(
    await handleCommand(agentDecider, command, {
      ...deps,
      streamName,
      ...commandOptions(input),
      accept: requireExisting,
      append: credentialsAppend(deps, streamName, clientIdOf),
    }),
  );
  await syncCredentials(deps, { clientId: snapshot.agent.clientId, streamName });
  return snapshot;
}
