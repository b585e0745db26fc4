import { z } from 'zod';

export const actorSchema = z.strictObject({
  type: z.enum(['admin', 'agent', 'system', 'cli']),
  id: z.string().min(1).max(200),
});

export const eventMetadataSchema = z.strictObject({
  tenantId: z.uuid(),
  /** UTC ISO-8601 instant taken from the injectable clock, not the store's clock. */
  occurredAt: z.iso.datetime({ offset: false }),
  actor: actorSchema,
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  schemaVersion: z.number().int().positive().optional(),
});

export type Actor = z.infer<typeof actorSchema>;
export type EventMetadata = z.infer<typeof eventMetadataSchema>;
