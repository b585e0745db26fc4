import { z } from 'zod';
import { actorSchema } from '../../events/metadata.js';
import { eventTypes } from '../../events/schemas.js';
import { cursorParam, integerParam, uuidParam } from '../../http/queryParams.js';

const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 instant' })
  .transform((value) => new Date(value));

export const auditEventsParams = z.strictObject({
  agent_id: uuidParam.optional().meta({ description: 'Only events of this agent.' }),
  type: z
    .enum(eventTypes, { message: `must be one of ${eventTypes.join(', ')}` })
    .optional()
    .meta({ description: 'Only events of this type.' }),
  from: instant.optional().meta({ description: 'occurred_at at or after this instant.' }),
  to: instant.optional().meta({ description: 'occurred_at before this instant.' }),
  limit: integerParam({ min: 1, max: 500, default: 100, description: 'Page size (1..500).' }),
  cursor: cursorParam,
});

export const auditEventsQuery = auditEventsParams.refine(
  (query) => !query.from || !query.to || query.from < query.to,
  {
    message: 'must be after from',
    path: ['to'],
  },
);

export const auditEvent = z
  .object({
    id: z.uuid(),
    type: z.enum(eventTypes),
    stream: z.string(),
    position: z.string().meta({ description: 'Global log position, "commit:prepare".' }),
    occurred_at: z.iso.datetime(),
    actor: actorSchema,
    metadata: z
      .object({
        correlation_id: z.string(),
        causation_id: z.string().nullable(),
        schema_version: z.number().int(),
        recorded_at: z.iso.datetime().meta({ description: 'When the store wrote the event.' }),
      })
      .meta({ description: 'Where the event came from: the request that caused it, its schema.' }),
    data: z.record(z.string(), z.unknown()).meta({ description: 'The event data as recorded.' }),
  })
  .meta({ id: 'AuditEvent' });

export const auditEventsPage = z
  .object({
    items: z.array(auditEvent),
    next_cursor: z.string().nullable().meta({
      description:
        'null when no older events exist. A page may hold fewer than limit items while next_cursor is set (a bounded scan of a sparse time window).',
    }),
  })
  .meta({ id: 'AuditEventsPage', description: 'Newest first.' });
