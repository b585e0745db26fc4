// The webhook API's response contract: the API's own schemas, not a copy.
export {
  createdWebhookSubscription,
  webhookDeliveriesPage,
  webhookSubscriptions,
  webhookTestSent,
} from '../../src/webhooks/response.ts';
export type {
  CreatedWebhookSubscription,
  WebhookDeliveriesPage,
  WebhookDelivery,
  WebhookSubscription,
} from '../../src/webhooks/response.ts';
export { webhookEventTypes, type WebhookEventType } from '../../src/contract.ts';
