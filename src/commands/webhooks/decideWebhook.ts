import type { WebhookEventType } from '../../contract.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { DomainEventData } from '../../events/schemas.js';
import type { Decider } from '../handleCommand.js';
import { evolveWebhook, initialWebhookState, type WebhookState } from './webhookState.js';

export interface SubscribeWebhook {
  type: 'SubscribeWebhook';
  tenantId: string;
  subscriptionId: string;
  url: string;
  events: readonly WebhookEventType[];
}

export interface UnsubscribeWebhook {
  type: 'UnsubscribeWebhook';
}

export type WebhookCommand = SubscribeWebhook | UnsubscribeWebhook;

export function decideWebhook(command: WebhookCommand, state: WebhookState): DomainEventData[] {
  switch (command.type) {
    case 'SubscribeWebhook': {
      if (state.status !== 'absent') throw new ConflictError('The subscription already exists');
      const { tenantId, subscriptionId, url } = command;
      return [
        {
          type: 'WebhookSubscribed',
          data: { tenantId, subscriptionId, url, events: [...new Set(command.events)] },
        },
      ];
    }
    case 'UnsubscribeWebhook':
      // Removing a removed subscription changes nothing; another tenant's is absent here.
      if (state.status === 'absent') throw new NotFoundError('No such webhook subscription');
      if (state.status === 'removed') return [];
      return [
        {
          type: 'WebhookUnsubscribed',
          data: { tenantId: state.tenantId, subscriptionId: state.subscriptionId },
        },
      ];
    default: {
      const unexpected: never = command;
      return unexpected;
    }
  }
}

export const webhookDecider: Decider<WebhookState, WebhookCommand> = {
  initialState: initialWebhookState,
  evolve: evolveWebhook,
  decide: decideWebhook,
};
