import { z } from 'zod';

// Response schemas of /api/webhooks (zod only: the portal validates with them).

const webhookEvent = z.enum(['quota.threshold', 'anomaly.detected', 'agent.failures.spike']);

export const webhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(webhookEvent),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'WebhookSubscription' });

export const createdWebhookSubscription = webhookSubscription
  .extend({
    secret: z.string().meta({
      description: 'Standard Webhooks signing secret (whsec_...). Shown only in this response.',
    }),
  })
  .meta({ id: 'CreatedWebhookSubscription' });

export const webhookSubscriptions = z
  .object({ items: z.array(webhookSubscription) })
  .meta({ id: 'WebhookSubscriptions' });

export const webhookDelivery = z
  .object({
    id: z.uuid(),
    message_id: z
      .string()
      .meta({ description: 'The webhook-id header: the same on every attempt.' }),
    event: z.string(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int(),
    last_status: z.number().int().nullable(),
    last_error: z.string().nullable(),
    last_attempt_at: z.iso.datetime().nullable(),
    next_attempt_at: z.iso.datetime().nullable(),
    failure_reason: z.string().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookDeliveriesPage = z
  .object({ items: z.array(webhookDelivery), next_cursor: z.string().nullable() })
  .meta({ id: 'WebhookDeliveriesPage' });

export const webhookTestSent = z
  .object({ delivery_id: z.uuid(), message_id: z.string() })
  .meta({ id: 'WebhookTestSent' });

export type WebhookSubscription = z.infer<typeof webhookSubscription>;
export type CreatedWebhookSubscription = z.infer<typeof createdWebhookSubscription>;
export type WebhookDelivery = z.infer<typeof webhookDelivery>;
export type WebhookDeliveriesPage = z.infer<typeof webhookDeliveriesPage>;
