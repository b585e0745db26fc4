import { z } from 'zod';

// The audit page's answer; it imports only zod, so the portal validates
// upstream answers with this very schema (audit.ts narrows `type` and
// `actor` for the OpenAPI document).
export const auditEventResponse = z.object({
  id: z.uuid(),
  type: z.string(),
  stream: z.string(),
  position: z.string().meta({ description: 'Global log position, "commit:prepare".' }),
  occurred_at: z.iso.datetime(),
  actor: z.object({ type: z.string(), id: z.string() }),
  metadata: z
    .object({
      correlation_id: z.string(),
      causation_id: z.string().nullable(),
      schema_version: z.number().int(),
      recorded_at: z.iso.datetime().meta({ description: 'When the store wrote the event.' }),
    })
    .meta({ description: 'Where the event came from: the request that caused it, its schema.' }),
  data: z.record(z.string(), z.unknown()).meta({ description: 'The event data as recorded.' }),
});

export const auditEventsPageResponse = z.object({
  items: z.array(auditEventResponse),
  next_cursor: z.string().nullable().meta({
    description:
      'null when no older events exist. A page may hold fewer than limit items while next_cursor is set (a bounded scan of a sparse time window).',
  }),
});
