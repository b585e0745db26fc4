import { createHash } from 'node:crypto';
import type { WebhookEventType } from '../../contract.js';

/** One logical occurrence worth telling a tenant about. */
export interface Alert {
  /** Derived from the occurrence's key: the same occurrence always has the same id. */
  id: string;
  tenantId: string;
  type: WebhookEventType;
  /** When the occurrence happened (the instant of the event that caused it). */
  occurredAt: Date;
  data: Record<string, unknown>;
}

/**
 * The alert id for a logical key (type, tenant and what makes the occurrence
 * one): `msg_` and a hash, so a replay, a retried batch or a rebuild that finds
 * the same occurrence names it the same way. It is also the `webhook-id`.
 */
export function alertId(type: WebhookEventType, tenantId: string, key: readonly string[]): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([type, tenantId, ...key]))
    .digest('base64url');
  return `msg_${digest.slice(0, 32)}`;
}
