import { describe, expect, it } from '@jest/globals';
import { evolveAgent, initialAgentState } from '../../src/commands/agents/agentState.js';
import { agentDecider, type AgentCommand } from '../../src/commands/agents/decideAgent.js';
import type { DomainEventData } from '../../src/events/schemas.js';
import { deciderSpecification } from '../support/deciderSpecification.js';

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

const given = deciderSpecification(agentDecider);

describe('agent decider', () => {
  it('registers a new agent, deduplicating scopes', () => {
    given([])
      .when({
        type: 'RegisterAgent',
        tenantId,
        agentId,
        clientId,
        name: 'Bot',
        description: null,
        scopes: ['a', 'b', 'a'],
      })
      .then([
        {
          type: 'AgentRegistered',
          data: { tenantId, agentId, clientId, name: 'Bot', description: null, scopes: ['a', 'b'] },
        },
      ]);
  });

  it('refuses to register an existing agent', () => {
    given([registered])
      .when({
        type: 'RegisterAgent',
        tenantId,
        agentId,
        clientId,
        name: 'Again',
        description: null,
        scopes: [],
      })
      .thenThrows('already exists');
  });

  it('updates only what changed', () => {
    given([registered])
      .when({ type: 'UpdateAgent', name: 'Bot', scopes: ['a', 'c'] })
      .then([{ type: 'AgentUpdated', data: { tenantId, agentId, scopes: ['a', 'c'] } }]);
  });

  it('emits nothing for an update that changes nothing', () => {
    given([registered]).when({ type: 'UpdateAgent', name: 'Bot', description: null }).then([]);
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
    given([registered])
      .when({ type: 'RotateAgentSecret' })
      .then([{ type: 'AgentSecretRotated', data: { tenantId, agentId, clientId } }]);
  });

  it('deactivates once; deactivating again emits nothing', () => {
    given([registered])
      .when({ type: 'DeactivateAgent', reason: 'done' })
      .then([{ type: 'AgentDeactivated', data: { tenantId, agentId, reason: 'done' } }]);
    given([registered, deactivated]).when({ type: 'DeactivateAgent', reason: null }).then([]);
  });

  it('refuses to update or rotate a deactivated agent (409)', () => {
    given([registered, deactivated])
      .when({ type: 'UpdateAgent', name: 'X' })
      .thenThrows(expect.objectContaining({ status: 409 }));
    given([registered, deactivated])
      .when({ type: 'RotateAgentSecret' })
      .thenThrows(expect.objectContaining({ status: 409 }));
  });

  it('answers 404 for commands on an absent agent', () => {
    for (const command of [
      { type: 'UpdateAgent', name: 'X' },
      { type: 'RotateAgentSecret' },
      { type: 'DeactivateAgent', reason: null },
    ] as AgentCommand[]) {
      given([])
        .when(command)
        .thenThrows(expect.objectContaining({ status: 404 }));
    }
  });
});
