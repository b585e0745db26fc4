import { Webhook } from 'standardwebhooks';

/** What a delivery sends: the body and the Standard Webhooks headers. */
export interface SignedMessage {
  body: string;
  headers: Record<string, string>;
}

/** The body every receiver gets: `{ type, timestamp, data }` (Standard Webhooks payload shape). */
export function messageBody(message: {
  eventType: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}): string {
  return JSON.stringify({
    type: message.eventType,
    timestamp: message.occurredAt.toISOString(),
    data: message.data,
  });
}

/**
 * Signs one attempt: `webhook-id` is the alert's id (the same on every
 * attempt, so receivers can drop repeats), `webhook-timestamp` the attempt's
 * time, `webhook-signature` the v1 HMAC-SHA256 of `id.timestamp.body`.
 */
export function signMessage(
  secret: string,
  message: { id: string; body: string; at: Date },
): SignedMessage {
  const signature = new Webhook(secret).sign(message.id, message.at, message.body);
  return {
    body: message.body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': message.id,
      'webhook-timestamp': String(Math.floor(message.at.getTime() / 1000)),
      'webhook-signature': signature,
    },
  };
}
