import Router from '@koa/router';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { answerFormat, withoutFormat } from '../../http/export/answerFormat.js';
import type { FlatRecord } from '../../http/export/flattenRecord.js';
import { sendExport } from '../../http/export/sendExport.js';
import { noStore } from '../../http/middleware/noStore.js';
import { utcDate } from '../../readModels/utcCalendar.js';
import { cursorKey } from '../cursorKey.js';
import { getAuditEvents, type AuditEventView } from '../getAuditEvents.js';
import { auditEventsQuery } from '../schemas/audit.js';
import { auditExportRange, openAuditEventStream } from '../streamAuditEvents.js';
import { parseQuery } from './parseQuery.js';
import type { QueryDependencies } from './queryDependencies.js';
import { tenantOf } from './tenantOf.js';

// One CSV row per event: fixed columns, so the file can stream; `data`
// differs by event type and stays one cell of JSON.
const csvColumns = [
  'id',
  'type',
  'stream',
  'position',
  'occurred_at',
  'actor.type',
  'actor.id',
  'metadata.correlation_id',
  'metadata.causation_id',
  'metadata.schema_version',
  'metadata.recorded_at',
  'data',
];

function auditCsvRow(event: AuditEventView): FlatRecord {
  return {
    id: event.id,
    type: event.type,
    stream: event.stream,
    position: event.position,
    occurred_at: event.occurred_at,
    'actor.type': event.actor.type,
    'actor.id': event.actor.id,
    'metadata.correlation_id': event.metadata.correlation_id,
    'metadata.causation_id': event.metadata.causation_id,
    'metadata.schema_version': event.metadata.schema_version,
    'metadata.recorded_at': event.metadata.recorded_at,
    data: JSON.stringify(event.data),
  };
}

export function auditRouter(deps: QueryDependencies): Router {
  const router = new Router({ prefix: '/api/audit' });
  router.use(noStore(), requireTenantAdmin(deps.keys, deps.tokenSettings));

  router.get('/events', async (ctx) => {
    const format = answerFormat(ctx);
    const query = parseQuery(auditEventsQuery, withoutFormat(ctx.query));
    const filter = {
      tenantId: tenantOf(ctx),
      agentId: query.agent_id,
      type: query.type,
      from: query.from,
      to: query.to,
      cursor: query.cursor,
      cursorKey: await cursorKey(deps.pool),
    };
    if (format === 'json') {
      ctx.body = await getAuditEvents(deps.eventStore, { ...filter, limit: query.limit });
      return;
    }
    // An export streams every matching event of the range; `limit` pages the JSON listing only.
    const now = deps.clock.now();
    const range = auditExportRange(query, now);
    const last = range.to ? new Date(range.to.getTime() - 1) : now;
    const events = await openAuditEventStream(deps.eventStore, { ...filter, ...range });
    sendExport(
      ctx,
      format,
      ['audit-events', utcDate(range.from), utcDate(last)].join('_'),
      events,
      {
        columns: csvColumns,
        flat: auditCsvRow,
      },
    );
  });

  return router;
}
