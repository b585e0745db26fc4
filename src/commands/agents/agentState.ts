import type { DomainEventData } from '../../events/schemas.js';

export interface AgentDetails {
  tenantId: string;
  agentId: string;
  clientId: string;
  name: string;
  description: string | null;
  scopes: string[];
}

export type AgentState =
  | { status: 'absent' }
  | ({ status: 'active' } & AgentDetails)
  | ({ status: 'deactivated' } & AgentDetails);

export const initialAgentState: AgentState = { status: 'absent' };

export function evolveAgent(state: AgentState, event: DomainEventData): AgentState {
  switch (event.type) {
    case 'AgentRegistered': {
      const { tenantId, agentId, clientId, name, description, scopes } = event.data;
      return { status: 'active', tenantId, agentId, clientId, name, description, scopes };
    }
    case 'AgentUpdated': {
      if (state.status === 'absent') return state;
      const { name, description, scopes } = event.data;
      return {
        ...state,
        ...(name !== undefined ? { name } : {}),
        ...(description !== undefined ? { description } : {}),
        ...(scopes !== undefined ? { scopes } : {}),
      };
    }
    case 'AgentDeactivated':
      return state.status === 'absent' ? state : { ...state, status: 'deactivated' };
    case 'AgentSecretRotated':
    case 'AgentQuotaSet':
    case 'AgentQuotaRemoved':
    case 'TenantCreated':
    case 'TenantAdminClientIssued':
    case 'TenantAdminSecretRotated':
    case 'WebhookSubscribed':
    case 'WebhookUnsubscribed':
    case 'TokenIssued':
    case 'TokenRequestRejected':
    case 'TokenRevoked':
      return state;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
