import type { Context } from 'koa';
import type { AuthState } from '../../auth/authenticate.js';

/** The tenant of the verified token: the only source of a tenant for queries. */
export function tenantOf(ctx: Context): string {
  return (ctx.state as AuthState).auth.tenantId;
}
