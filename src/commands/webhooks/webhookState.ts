import type { WebhookEventType } from '../../contract.js';
import type { DomainEventData } from '../../events/schemas.js';

/** A webhook subscription as its stream says. */
export type WebhookState =
  | { status: 'absent' }
  | {
      status: 'active' | 'removed';
      tenantId: string;
      subscriptionId: string;
      url: string;
      events: WebhookEventType[];
    };

export const initialWebhookState: WebhookState = { status: 'absent' };

export function evolveWebhook(state: WebhookState, event: DomainEventData): WebhookState {
  switch (event.type) {
    case 'WebhookSubscribed':
      return { status: 'active', ...event.data };
    case 'WebhookUnsubscribed':
      return state.status === 'absent' ? state : { ...state, status: 'removed' };
    default:
      return state;
  }
}
