import type { DomainEventData } from '../../events/schemas.js';
import { defaultTimeZone } from '../../timeZones/reportingTimeZone.js';

export type TenantState =
  | { status: 'absent' }
  | {
      status: 'active';
      tenantId: string;
      name: string;
      adminClientId: string | null;
      /** The reporting time zone: UTC until a TenantTimeZoneChanged says otherwise. */
      timeZone: string;
    };

export const initialTenantState: TenantState = { status: 'absent' };

export function evolveTenant(state: TenantState, event: DomainEventData): TenantState {
  switch (event.type) {
    case 'TenantCreated':
      return {
        status: 'active',
        tenantId: event.data.tenantId,
        name: event.data.name,
        adminClientId: null,
        timeZone: defaultTimeZone,
      };
    case 'TenantAdminClientIssued':
      return state.status === 'active' ? { ...state, adminClientId: event.data.clientId } : state;
    case 'TenantTimeZoneChanged':
      return state.status === 'active' ? { ...state, timeZone: event.data.timeZone } : state;
    case 'TenantAdminSecretRotated':
    case 'WebhookSubscribed':
    case 'WebhookUnsubscribed':
    case 'AgentRegistered':
    case 'AgentUpdated':
    case 'AgentSecretRotated':
    case 'AgentDeactivated':
    case 'AgentQuotaSet':
    case 'AgentQuotaRemoved':
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
