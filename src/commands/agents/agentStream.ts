import type { EventStore } from '../../eventstore/EventStore.js';
import type { DomainEventData } from '../../eventstore/events/schemas.js';
import { streamNames } from '../../eventstore/events/streams.js';
import { NotFoundError } from '../../errors.js';
import { loadAggregate, type LoadedAggregate } from '../aggregateStream.js';
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

export function applyEvents(state: AgentState, events: readonly DomainEventData[]): ExistingAgent {
  return events.reduce<AgentState>(evolveAgent, state) as ExistingAgent;
}
