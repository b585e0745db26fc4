import { randomUUID } from 'node:crypto';
import { streamNames } from '../../eventstore/events/streams.js';
import { toNewEvents } from '../aggregateStream.js';
import type { CommandDeps, CommandOrigin } from '../commandDeps.js';
import {
  deleteClientCredentials,
  insertClientCredentials,
} from '../credentials/clientCredentials.js';
import { hashClientSecret, newClientId, newClientSecret } from '../credentials/clientSecrets.js';
import { initialAgentState } from './agentState.js';
import { applyEvents, type AgentSnapshot } from './agentStream.js';
import { decideAgent } from './decideAgent.js';

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

// The credentials row goes first so the agent never exists in the log without
// a way to authenticate. If the append fails the row is removed again; should
// that fail too, the row is inert: its secret was never shown to anyone.
export async function registerAgent(
  deps: CommandDeps,
  input: RegisterAgentInput,
): Promise<RegisteredAgent> {
  const now = deps.clock.now();
  const agentId = randomUUID();
  const clientId = newClientId('agent');
  const clientSecret = newClientSecret();
  const events = decideAgent(
    {
      type: 'RegisterAgent',
      tenantId: input.tenantId,
      agentId,
      clientId,
      name: input.name,
      description: input.description ?? null,
      scopes: input.scopes ?? [],
    },
    initialAgentState,
  );
  const agent = applyEvents(initialAgentState, events);
  await insertClientCredentials(
    deps.pool,
    {
      clientId,
      tenantId: input.tenantId,
      kind: 'agent',
      agentId,
      secretHash: hashClientSecret(clientSecret),
      scopes: agent.scopes,
    },
    now,
  );
  try {
    const result = await deps.eventStore.appendToStream(
      streamNames.agent(input.tenantId, agentId),
      toNewEvents(events, input.tenantId, input.origin, now),
      { expectedRevision: 'no_stream' },
    );
    return { agent, revision: result.nextExpectedRevision, clientSecret };
  } catch (error) {
    await deleteClientCredentials(deps.pool, clientId).catch(() => {});
    throw error;
  }
}
