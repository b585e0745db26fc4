import { describe, expect, it } from '@jest/globals';
import { webhookDecider, type WebhookCommand } from '../../src/commands/webhooks/decideWebhook.js';
import { deciderSpecification } from '../support/deciderSpecification.js';

const tenantId = '11111111-1111-4111-8111-111111111111';
const subscriptionId = '22222222-2222-4222-8222-222222222222';
const given = deciderSpecification(webhookDecider);

const subscribe: WebhookCommand = {
  type: 'SubscribeWebhook',
  tenantId,
  subscriptionId,
  url: 'https://example.com/hooks',
  events: ['quota.threshold', 'anomaly.detected', 'quota.threshold'],
};
const subscribed = {
  type: 'WebhookSubscribed' as const,
  data: {
    tenantId,
    subscriptionId,
    url: 'https://example.com/hooks',
    events: ['quota.threshold' as const, 'anomaly.detected' as const],
  },
};
const unsubscribed = { type: 'WebhookUnsubscribed' as const, data: { tenantId, subscriptionId } };

describe('webhook subscription decider', () => {
  it('subscribes once, with each event named once', () => {
    given([]).when(subscribe).then([subscribed]);
    given([subscribed])
      .when(subscribe)
      .thenThrows(expect.objectContaining({ status: 409 }));
  });

  it('unsubscribes an active subscription; a removed one changes nothing; an absent one is 404', () => {
    given([subscribed]).when({ type: 'UnsubscribeWebhook' }).then([unsubscribed]);
    given([subscribed, unsubscribed]).when({ type: 'UnsubscribeWebhook' }).then([]);
    given([])
      .when({ type: 'UnsubscribeWebhook' })
      .thenThrows(expect.objectContaining({ status: 404 }));
  });
});
