import Router from '@koa/router';
import type { Middleware, ParameterizedContext } from 'koa';
import type { AuthState } from '../../auth/authenticate.js';
import { noQueryParams } from '../../http/middleware/noQueryParams.js';
import { parseOrThrow } from '../../http/validate.js';
import type { CommandDeps } from '../commandDeps.js';
import type { TenantActionLimiter } from '../tenantActionLimiter.js';
import { changeTenantTimeZone } from '../tenants/changeTenantTimeZone.js';
import { loadTenantSettings, type TenantSettings } from '../tenants/tenantSettings.js';
import { etagOf } from './agentResource.js';
import { jsonBody, type JsonBodyState } from './requestBody.js';
import { revisionPrecondition } from './revisionPrecondition.js';
import { tenantSettingsBody } from './schemas.js';
import type { TenantSettingsView } from './tenantSettingsResponse.js';

export interface TenantSettingsRouterOptions {
  deps: CommandDeps;
  /** Zone changes per tenant and hour: each makes the workers derive its heatmap afresh. */
  timeZoneChanges: TenantActionLimiter;
  /** Verifies the bearer token and requires the tenant admin role. */
  requireTenantAdmin: Middleware;
  bodyLimit: string;
}

type Context = ParameterizedContext<AuthState & JsonBodyState & { requestId: string }>;

function answer(ctx: Context, settings: TenantSettings): void {
  const body: TenantSettingsView = { time_zone: settings.timeZone };
  ctx.set('ETag', etagOf(settings.revision));
  ctx.set('Cache-Control', 'no-store');
  ctx.body = body;
}

// The tenant's own settings, read from and written to its stream. The tenant
// comes from the verified token only.
export function tenantSettingsRouter(options: TenantSettingsRouterOptions): Router {
  const { deps } = options;
  const router = new Router();
  const admin = [options.requireTenantAdmin, noQueryParams()] as const;

  router.get('/api/tenant/settings', ...admin, async (ctx: Context) => {
    answer(ctx, await loadTenantSettings(deps.eventStore, ctx.state.auth.tenantId));
  });

  router.put(
    '/api/tenant/settings',
    ...admin,
    jsonBody(options.bodyLimit),
    async (ctx: Context) => {
      const precondition = revisionPrecondition(ctx);
      const input = parseOrThrow(tenantSettingsBody, ctx.state.body, 'body');
      const tenantId = ctx.state.auth.tenantId;
      // Only a change counts: saving the zone the tenant has appends nothing.
      const current = await loadTenantSettings(deps.eventStore, tenantId);
      if (current.timeZone !== input.time_zone) await options.timeZoneChanges.admit(tenantId);
      const settings = await changeTenantTimeZone(deps, {
        tenantId: ctx.state.auth.tenantId,
        timeZone: input.time_zone,
        ...(precondition !== undefined ? { precondition } : {}),
        origin: {
          actor: { type: 'admin', id: ctx.state.auth.clientId },
          correlationId: ctx.state.requestId,
        },
      });
      answer(ctx, settings);
    },
  );

  return router;
}
