import Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from '../logger.js';
import { allowedMethods } from '../http/middleware/allowedMethods.js';
import { problemDetails } from '../http/middleware/problemDetails.js';
import { refuseTransferCodings } from '../http/middleware/refuseTransferCodings.js';
import { requestContext } from '../http/middleware/requestContext.js';
import { securityHeaders } from '../http/middleware/securityHeaders.js';

export interface AppOptions {
  logger: Logger;
  routers: readonly Router[];
  trustProxy?: boolean;
}

// Middleware order matters: the request id exists before anything can fail,
// and problem details wrap everything that can.
export function createApp(options: AppOptions): Koa {
  // Behind a trusted proxy, the client address is the one that proxy appended
  // last to X-Forwarded-For: entries to its left are the client's own claims
  // (the failed-secret limits key on this address).
  const app = new Koa({ proxy: options.trustProxy ?? false, maxIpsCount: 1 });
  app.use(requestContext(options.logger));
  app.use(securityHeaders());
  app.use(problemDetails(options.logger));
  app.use(refuseTransferCodings());
  app.use(allowedMethods());
  for (const router of options.routers) app.use(router.routes());
  // Errors are already logged by problemDetails; Koa's default handler would log them again.
  app.silent = true;
  return app;
}
