import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../logger.js';

const acceptedRequestId = /^[A-Za-z0-9._-]{1,128}$/;

// Gives every request an id (reusing a well-formed inbound x-request-id), a
// child logger carrying it, and one access log line when the response ends.
export function requestContext(logger: Logger): Middleware {
  return async (ctx, next) => {
    const inbound = ctx.get('x-request-id');
    const requestId = acceptedRequestId.test(inbound) ? inbound : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.logger = logger.child({ requestId });
    ctx.set('x-request-id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      (ctx.state.logger as Logger).info(
        { method: ctx.method, path: ctx.path, status: ctx.status, durationMs },
        'request',
      );
    }
  };
}
