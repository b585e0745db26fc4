import type { DomainEventData } from '../../events/schemas.js';
import type { AgentQuota } from '../quotas/agentQuota.js';

export interface AgentDetails {
  tenantId: string;
  agentId: string;
  clientId: string;
  name: string;
  description: string | null;
  scopes: string[];
  /** null: no quota. */
  quota: AgentQuota | null;
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
      return {
        status: 'active',
        ...{ tenantId, agentId, clientId, name, description, scopes },
        quota: null,
      };
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
    case 'AgentQuotaSet': {
      if (state.status === 'absent') return state;
      const { limit, period, mode } = event.data;
      return { ...state, quota: { limit, period, mode } };
    }
    case 'AgentQuotaRemoved':
      return state.status === 'absent' ? state : { ...state, quota: null };
    case 'AgentSecretRotated':
    case 'TenantCreated':
    case 'TenantAdminClientIssued':
    case 'TenantAdminSecretRotated':
    case 'TenantTimeZoneChanged':
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
