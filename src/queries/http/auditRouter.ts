import Router from '@koa/router';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { cursorKey } from '../cursorKey.js';
import { getAuditEvents } from '../getAuditEvents.js';
import { auditEventsQuery } from '../schemas/audit.js';
import { noStore } from '../../http/middleware/noStore.js';
import { parseQuery } from './parseQuery.js';
import type { QueryDependencies } from './queryDependencies.js';
import { tenantOf } from './tenantOf.js';

export function auditRouter(deps: QueryDependencies): Router {
  const router = new Router({ prefix: '/api/audit' });
  router.use(noStore(), requireTenantAdmin(deps.keys, deps.tokenSettings));

  router.get('/events', async (ctx) => {
    const query = parseQuery(auditEventsQuery, ctx.query);
    ctx.body = await getAuditEvents(deps.eventStore, {
      tenantId: tenantOf(ctx),
      agentId: query.agent_id,
      type: query.type,
      from: query.from,
      to: query.to,
      limit: query.limit,
      cursor: query.cursor,
      cursorKey: await cursorKey(deps.pool),
    });
  });

  return router;
}
