import { randomBytes } from 'node:crypto';

// Standard Webhooks secrets: `whsec_` and base64 of 24..64 random bytes. The
// receiver needs the key itself to verify, so it is kept as it is (not a
// hash), in webhook_endpoints only, and shown once when subscribing.
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
