import { describe, expect, it } from '@jest/globals';
import { evolveAgent, initialAgentState } from '../../src/commands/agents/agentState.js';
import { decideAgent, type AgentCommand } from '../../src/commands/agents/decideAgent.js';
import type { DomainEventData } from '../../src/eventstore/events/schemas.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const agentId = '22222222-2222-4222-8222-222222222222';
const clientId = 'agt_0123456789abcdef0123456789abcdef';
const registered: DomainEventData = {
  type: 'AgentRegistered',
  data: { tenantId, agentId, clientId, name: 'Bot', description: null, scopes: ['a'] },
};
const deactivated: DomainEventData = {
  type: 'AgentDeactivated',
  data: { tenantId, agentId, reason: null },
};

function given(events: DomainEventData[]) {
  const state = events.reduce(evolveAgent, initialAgentState);
  return { when: (command: AgentCommand) => () => decideAgent(command, state) };
}

describe('agent decider', () => {
  it('registers a new agent, deduplicating scopes', () => {
    const then = given([]).when({
      type: 'RegisterAgent',
      tenantId,
      agentId,
      clientId,
      name: 'Bot',
      description: null,
      scopes: ['a', 'b', 'a'],
    });
    expect(then()).toEqual([
      {
        type: 'AgentRegistered',
        data: { tenantId, agentId, clientId, name: 'Bot', description: null, scopes: ['a', 'b'] },
      },
    ]);
  });

  it('refuses to register an existing agent', () => {
    const then = given([registered]).when({
      type: 'RegisterAgent',
      tenantId,
      agentId,
      clientId,
      name: 'Again',
      description: null,
      scopes: [],
    });
    expect(then).toThrow('already exists');
  });

  it('updates only what changed', () => {
    const then = given([registered]).when({ type: 'UpdateAgent', name: 'Bot', scopes: ['a', 'c'] });
    expect(then()).toEqual([
      { type: 'AgentUpdated', data: { tenantId, agentId, scopes: ['a', 'c'] } },
    ]);
  });

  it('emits nothing for an update that changes nothing', () => {
    expect(
      given([registered]).when({ type: 'UpdateAgent', name: 'Bot', description: null })(),
    ).toEqual([]);
  });

  it('folds updates into state', () => {
    const renamed: DomainEventData = {
      type: 'AgentUpdated',
      data: { tenantId, agentId, name: 'Renamed', description: 'd' },
    };
    const state = [registered, renamed].reduce(evolveAgent, initialAgentState);
    expect(state).toMatchObject({
      status: 'active',
      name: 'Renamed',
      description: 'd',
      scopes: ['a'],
    });
  });

  it('rotates the secret of an active agent', () => {
    expect(given([registered]).when({ type: 'RotateAgentSecret' })()).toEqual([
      { type: 'AgentSecretRotated', data: { tenantId, agentId, clientId } },
    ]);
  });

  it('deactivates once; deactivating again emits nothing', () => {
    expect(given([registered]).when({ type: 'DeactivateAgent', reason: 'done' })()).toEqual([
      { type: 'AgentDeactivated', data: { tenantId, agentId, reason: 'done' } },
    ]);
    expect(
      given([registered, deactivated]).when({ type: 'DeactivateAgent', reason: null })(),
    ).toEqual([]);
  });

  it('refuses to update or rotate a deactivated agent (409)', () => {
    const update = given([registered, deactivated]).when({ type: 'UpdateAgent', name: 'X' });
    expect(update).toThrow(expect.objectContaining({ status: 409 }));
    const rotate = given([registered, deactivated]).when({ type: 'RotateAgentSecret' });
    expect(rotate).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('answers 404 for commands on an absent agent', () => {
    for (const command of [
      { type: 'UpdateAgent', name: 'X' },
      { type: 'RotateAgentSecret' },
      { type: 'DeactivateAgent', reason: null },
    ] as AgentCommand[]) {
      expect(given([]).when(command)).toThrow(expect.objectContaining({ status: 404 }));
    }
  });
});
