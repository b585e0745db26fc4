import { z } from 'zod';
import { actorSchema } from '../../events/metadata.js';
import { eventTypes } from '../../events/schemas.js';
import { cursorParam, integerParam, uuidParam } from '../../http/queryParams.js';
import { auditEventResponse, auditEventsPageResponse } from './auditResponse.js';

// No event is older than the Unix epoch; earlier instants only make export
// windows and file names run into negative years.
const instant = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 instant' })
  .transform((value) => new Date(value))
  .refine((date) => date.getTime() >= 0, { message: 'must be 1970-01-01T00:00:00Z or later' });

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

export const auditEvent = auditEventResponse
  .extend({ type: z.enum(eventTypes), actor: actorSchema })
  .meta({ id: 'AuditEvent' });

export const auditEventsPage = auditEventsPageResponse
  .extend({ items: z.array(auditEvent) })
  .meta({ id: 'AuditEventsPage', description: 'Newest first.' });
