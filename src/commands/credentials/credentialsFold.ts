import type { DomainEventData } from '../../events/schemas.js';
import type { AgentQuota } from '../quotas/agentQuota.js';

/** What a client's stream says its credentials are, as of the stream's last event. */
export interface LoggedCredentials {
  /** Revision of the stream's last event. */
  revision: bigint;
  active: boolean;
  scopes: string[];
  /** The latest event that gave the client a secret (registration or rotation). */
  secretEventId: string | null;
  /** Every such event so far, the latest included. */
  secretEventIds: string[];
  /** The agent's token quota; null without one (and always for an admin client). */
  quota: AgentQuota | null;
}

export interface LoggedEvent {
  id: string;
  streamRevision: bigint;
  type: string;
  data: unknown;
}

/**
 * Folds an agent's or a tenant's stream into the credentials of one client.
 * Pure. undefined when the stream has no event yet.
 */
export function foldCredentials(
  events: readonly LoggedEvent[],
  clientId: string,
): LoggedCredentials | undefined {
  const last = events.at(-1);
  if (!last) return undefined;
  let state: LoggedCredentials = {
    revision: last.streamRevision,
    active: false,
    scopes: [],
    secretEventId: null,
    secretEventIds: [],
    quota: null,
  };
  for (const recorded of events) {
    state = evolve(
      state,
      recorded.id,
      { type: recorded.type, data: recorded.data } as DomainEventData,
      clientId,
    );
  }
  return state;
}

function evolve(
  state: LoggedCredentials,
  eventId: string,
  event: DomainEventData,
  clientId: string,
): LoggedCredentials {
  const newSecret = () => ({
    secretEventId: eventId,
    secretEventIds: [...state.secretEventIds, eventId],
  });
  switch (event.type) {
    case 'AgentRegistered':
    case 'TenantAdminClientIssued':
      if (event.data.clientId !== clientId) return state;
      return {
        ...state,
        active: true,
        scopes: event.type === 'AgentRegistered' ? event.data.scopes : [],
        ...newSecret(),
      };
    case 'AgentSecretRotated':
    case 'TenantAdminSecretRotated':
      return event.data.clientId === clientId ? { ...state, ...newSecret() } : state;
    case 'AgentUpdated':
      return event.data.scopes === undefined ? state : { ...state, scopes: event.data.scopes };
    case 'AgentDeactivated':
      return { ...state, active: false };
    case 'AgentQuotaSet': {
      const { limit, period, mode } = event.data;
      return { ...state, quota: { limit, period, mode } };
    }
    case 'AgentQuotaRemoved':
      return { ...state, quota: null };
    case 'TenantCreated':
    case 'TenantTimeZoneChanged':
    case 'TokenIssued':
    case 'TokenRequestRejected':
    case 'TokenRevoked':
    case 'WebhookSubscribed':
    case 'WebhookUnsubscribed':
      return state;
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}
