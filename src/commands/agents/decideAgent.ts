import { ConflictError, NotFoundError } from '../../errors.js';
import type { DomainEventData } from '../../events/schemas.js';
import type { Decider } from '../handleCommand.js';
import { sameQuota, type AgentQuota } from '../quotas/agentQuota.js';
import { evolveAgent, initialAgentState, type AgentState } from './agentState.js';

export interface RegisterAgent {
  type: 'RegisterAgent';
  tenantId: string;
  agentId: string;
  clientId: string;
  name: string;
  description: string | null;
  scopes: readonly string[];
}

export interface UpdateAgent {
  type: 'UpdateAgent';
  name?: string;
  description?: string | null;
  scopes?: readonly string[];
}

export interface RotateAgentSecret {
  type: 'RotateAgentSecret';
}

export interface DeactivateAgent {
  type: 'DeactivateAgent';
  reason: string | null;
}

export interface SetAgentQuota extends AgentQuota {
  type: 'SetAgentQuota';
}

export interface RemoveAgentQuota {
  type: 'RemoveAgentQuota';
}

export type AgentCommand =
  | RegisterAgent
  | UpdateAgent
  | RotateAgentSecret
  | DeactivateAgent
  | SetAgentQuota
  | RemoveAgentQuota;

export function decideAgent(command: AgentCommand, state: AgentState): DomainEventData[] {
  switch (command.type) {
    case 'RegisterAgent': {
      if (state.status !== 'absent') throw new ConflictError('The agent already exists');
      const { tenantId, agentId, clientId, name, description } = command;
      return [
        {
          type: 'AgentRegistered',
          data: { tenantId, agentId, clientId, name, description, scopes: unique(command.scopes) },
        },
      ];
    }
    case 'UpdateAgent': {
      const agent = requireActive(state, 'updated');
      const changes: { name?: string; description?: string | null; scopes?: string[] } = {};
      if (command.name !== undefined && command.name !== agent.name) changes.name = command.name;
      if (command.description !== undefined && command.description !== agent.description)
        changes.description = command.description;
      const scopes = command.scopes === undefined ? undefined : unique(command.scopes);
      if (scopes !== undefined && !sameList(scopes, agent.scopes)) changes.scopes = scopes;
      if (Object.keys(changes).length === 0) return [];
      return [
        {
          type: 'AgentUpdated',
          data: { tenantId: agent.tenantId, agentId: agent.agentId, ...changes },
        },
      ];
    }
    case 'RotateAgentSecret': {
      const agent = requireActive(state, 'rotated');
      return [
        {
          type: 'AgentSecretRotated',
          data: { tenantId: agent.tenantId, agentId: agent.agentId, clientId: agent.clientId },
        },
      ];
    }
    case 'DeactivateAgent': {
      if (state.status === 'absent') throw new NotFoundError('No such agent');
      if (state.status === 'deactivated') return [];
      return [
        {
          type: 'AgentDeactivated',
          data: { tenantId: state.tenantId, agentId: state.agentId, reason: command.reason },
        },
      ];
    }
    case 'SetAgentQuota': {
      const agent = requireActive(state, 'given a quota');
      const quota = { limit: command.limit, period: command.period, mode: command.mode };
      if (sameQuota(agent.quota, quota)) return [];
      return [
        {
          type: 'AgentQuotaSet',
          data: { tenantId: agent.tenantId, agentId: agent.agentId, ...quota },
        },
      ];
    }
    case 'RemoveAgentQuota': {
      // A deactivated agent's quota may still be removed: it only lifts a limit.
      if (state.status === 'absent') throw new NotFoundError('No such agent');
      if (state.quota === null) return [];
      return [
        { type: 'AgentQuotaRemoved', data: { tenantId: state.tenantId, agentId: state.agentId } },
      ];
    }
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}

function requireActive(state: AgentState, action: string) {
  if (state.status === 'absent') throw new NotFoundError('No such agent');
  if (state.status === 'deactivated')
    throw new ConflictError(`A deactivated agent cannot be ${action}`);
  return state;
}

function unique(scopes: readonly string[]): string[] {
  return [...new Set(scopes)];
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export const agentDecider: Decider<AgentState, AgentCommand> = {
  initialState: initialAgentState,
  evolve: evolveAgent,
  decide: decideAgent,
};
