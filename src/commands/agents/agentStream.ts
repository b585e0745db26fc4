import type { EventStore } from '../../eventstore/EventStore.js';
import { streamNames } from '../../events/streams.js';
import { NotFoundError } from '../../errors.js';
import {
  loadAggregate,
  type RevisionPrecondition,
  type LoadedAggregate,
} from '../aggregateStream.js';
import type { CommandOrigin } from '../commandDeps.js';
import type { CommandResult } from '../handleCommand.js';
import { evolveAgent, initialAgentState, type AgentState } from './agentState.js';

export type ExistingAgent = Exclude<AgentState, { status: 'absent' }>;

/** The agent after a command: its state and the stream revision to use as its ETag. */
export interface AgentSnapshot {
  agent: ExistingAgent;
  revision: bigint;
}

export function loadAgent(
  eventStore: EventStore,
  tenantId: string,
  agentId: string,
): Promise<LoadedAggregate<AgentState>> {
  return loadAggregate(
    eventStore,
    streamNames.agent(tenantId, agentId),
    initialAgentState,
    evolveAgent,
  );
}

/** The tenant is part of the stream name, so another tenant's agent is simply absent here. */
export function requireExisting(
  loaded: LoadedAggregate<AgentState>,
): asserts loaded is { state: ExistingAgent; revision: bigint } {
  if (loaded.state.status === 'absent' || loaded.revision === 'no_stream') {
    throw new NotFoundError('No such agent');
  }
}

/** The agent's OAuth client, for a command that required the agent to exist. */
export function clientIdOf(state: AgentState): string {
  return (state as ExistingAgent).clientId;
}

/** The agent after a command that required it to exist. */
export function toSnapshot(result: CommandResult<AgentState>): AgentSnapshot {
  return { agent: result.state as ExistingAgent, revision: result.revision as bigint };
}

/** The tenant, origin and revision precondition (If-Match, If-None-Match) of an agent command. */
export function commandOptions(input: {
  tenantId: string;
  origin: CommandOrigin;
  precondition?: RevisionPrecondition;
}): { tenantId: string; origin: CommandOrigin; precondition: RevisionPrecondition | undefined } {
  return { tenantId: input.tenantId, origin: input.origin, precondition: input.precondition };
}
