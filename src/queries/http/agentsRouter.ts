import Router from '@koa/router';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { NotFoundError } from '../../errors.js';
import { parseOrThrow } from '../../http/validate.js';
import { getAgent } from '../../readModels/agents/getAgent.js';
import { cursorKey } from '../cursorKey.js';
import { getAgents } from '../../readModels/agents/getAgents.js';
import { agentParams, agentsQuery } from '../../readModels/agents/request.js';
import { noQueryParams } from '../../http/queryParams.js';
import { withTenantScope } from '../tenantScope.js';
import { noStore } from '../../http/middleware/noStore.js';
import { parseQuery } from './parseQuery.js';
import type { QueryDependencies } from './queryDependencies.js';
import { tenantOf } from './tenantOf.js';

export function agentsRouter(deps: QueryDependencies): Router {
  const router = new Router({ prefix: '/api/agents' });
  const guard = [noStore(), requireTenantAdmin(deps.keys, deps.tokenSettings)] as const;

  router.get('/', ...guard, async (ctx) => {
    const query = parseQuery(agentsQuery, ctx.query);
    const tenantId = tenantOf(ctx);
    const key = await cursorKey(deps.pool);
    ctx.body = await withTenantScope(deps.pool, tenantId, (client) =>
      getAgents(client, { tenantId, ...query, cursorKey: key, now: deps.clock.now() }),
    );
  });

  router.get('/:id', ...guard, async (ctx) => {
    parseQuery(noQueryParams, ctx.query);
    const { id } = parseOrThrow(agentParams, ctx.params, 'params');
    const tenantId = tenantOf(ctx);
    const agent = await withTenantScope(deps.pool, tenantId, (client) =>
      getAgent(client, { tenantId, agentId: id, now: deps.clock.now() }),
    );
    if (!agent) throw new NotFoundError('No such agent');
    ctx.body = agent;
  });

  return router;
}
