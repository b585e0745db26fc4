import type Router from '@koa/router';
import { requireTenantAdmin } from '../../auth/authenticate.js';
import { wellKnownRouter } from '../../auth/wellKnownRouter.js';
import type { Runtime } from '../../runtime.js';
import { createTokenRateLimiter } from '../tokens/tokenRateLimiter.js';
import { agentsRouter } from './agentsRouter.js';
import { tokenManagementRouter } from './tokenManagementRouter.js';
import { tokenRouter } from './tokenRouter.js';

export interface CommandRoutersOptions {
  /** Redis key prefix of the token rate limits. */
  rateLimitKeyPrefix?: string;
}

// The command side of the API: agent commands, the token endpoint, revocation,
// introspection and discovery.
export function commandRouters(runtime: Runtime, options: CommandRoutersOptions = {}): Router[] {
  const { config } = runtime;
  const deps = { eventStore: runtime.eventStore, pool: runtime.pool, clock: runtime.clock };
  const rateLimiter = createTokenRateLimiter({
    redis: runtime.redis,
    keyPrefix: options.rateLimitKeyPrefix ?? 'ratelimit',
    requestsPerMinute: config.TOKEN_RATE_LIMIT_PER_MINUTE,
    failedSecretsPerSourcePerMinute: config.FAILED_AUTH_LIMIT_PER_MINUTE,
    failedSecretsPerClientPerMinute: config.FAILED_AUTH_BUDGET_PER_MINUTE,
    slowdownMs: config.FAILED_AUTH_SLOWDOWN_MS,
  });
  return [
    wellKnownRouter({ keys: runtime.keys, issuer: config.ISSUER_URL }),
    tokenRouter({
      deps: {
        ...deps,
        keys: runtime.keys,
        tokenSettings: runtime.tokenSettings,
        rateLimiter,
        rejections: runtime.tokenRejections,
      },
      bodyLimit: config.REQUEST_BODY_LIMIT,
    }),
    tokenManagementRouter({
      deps: {
        ...deps,
        keys: runtime.keys,
        tokenSettings: runtime.tokenSettings,
        rateLimiter,
        logger: runtime.logger,
      },
      bodyLimit: config.REQUEST_BODY_LIMIT,
    }),
    agentsRouter({
      deps,
      requireTenantAdmin: requireTenantAdmin(runtime.keys, runtime.tokenSettings),
      bodyLimit: config.REQUEST_BODY_LIMIT,
    }),
  ];
}
