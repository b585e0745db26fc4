import { randomUUID } from 'node:crypto';
import type { NewEvent } from '../../../src/eventstore/EventStore.js';
import { streamNames } from '../../../src/events/streams.js';

// What the append benchmark writes: TokenIssued events, valid against the
// schemas, to the token streams of distinct agents. Each writer owns its own
// agents, as concurrent token requests mostly come from different agents.

export interface AppendBatch {
  streamName: string;
  events: NewEvent[];
}

export interface TokenIssuedWorkload {
  next(writer: number): AppendBatch;
}

export function tokenIssuedWorkload(options: {
  eventsPerAppend: number;
  agentsPerWriter?: number;
}): TokenIssuedWorkload {
  const agentsPerWriter = options.agentsPerWriter ?? 20;
  const tenantId = randomUUID();
  const writers: Array<{ agents: string[]; turn: number }> = [];
  const writerState = (writer: number): { agents: string[]; turn: number } => {
    let state = writers[writer];
    if (!state) {
      state = { agents: Array.from({ length: agentsPerWriter }, () => randomUUID()), turn: 0 };
      writers[writer] = state;
    }
    return state;
  };

  return {
    next(writer) {
      const state = writerState(writer);
      const agentId = state.agents[state.turn % state.agents.length] as string;
      state.turn += 1;
      const clientId = `agt_${agentId.replaceAll('-', '')}`;
      const now = new Date();
      const occurredAt = now.toISOString();
      const expiresAt = new Date(now.getTime() + 3_600_000).toISOString();
      const correlationId = randomUUID();
      const events: NewEvent[] = Array.from({ length: options.eventsPerAppend }, () => ({
        type: 'TokenIssued',
        data: {
          tenantId,
          agentId,
          clientId,
          jti: randomUUID(),
          scopes: ['analytics:read', 'agents:write'],
          expiresAt,
        },
        metadata: {
          tenantId,
          occurredAt,
          actor: { type: 'agent', id: clientId },
          correlationId,
          causationId: null,
        },
      }));
      return { streamName: streamNames.tokens(tenantId, agentId), events };
    },
  };
}
