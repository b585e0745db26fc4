import type { Middleware } from 'koa';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';

// Outermost middleware: every failure leaves as application/problem+json
// (RFC 9457). Detail is shown for 4xx only; a 5xx never leaks internals.
export function problemDetails(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        writeProblem(ctx, 404, 'Not Found', `No route for ${ctx.method} ${ctx.path}`);
      } else if (ctx.status === 405 && ctx.body === undefined) {
        writeProblem(ctx, 405, 'Method Not Allowed', `${ctx.method} is not allowed here`);
      }
    } catch (error) {
      const status = statusOf(error);
      const requestLogger = (ctx.state.logger as Logger | undefined) ?? logger;
      if (status >= 500) requestLogger.error({ err: error }, 'request failed');
      else requestLogger.info({ status, error: (error as Error).message }, 'request rejected');

      if (error instanceof AppError) {
        for (const [name, value] of Object.entries(error.headers)) ctx.set(name, value);
        writeProblem(ctx, status, error.title, status < 500 ? error.message : undefined, {
          type: error.type,
          ...error.extensions,
        });
      } else if (status < 500) {
        writeProblem(ctx, status, httpTitle(status), (error as Error).message);
      } else {
        writeProblem(ctx, 500, 'Internal Server Error');
      }
    }
  };
}

function statusOf(error: unknown): number {
  if (error instanceof AppError) return error.status;
  const candidate = (error as { status?: unknown; statusCode?: unknown }) ?? {};
  const status = Number(candidate.status ?? candidate.statusCode);
  return Number.isInteger(status) && status >= 400 && status < 600 ? status : 500;
}

function httpTitle(status: number): string {
  const titles: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    411: 'Length Required',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Content',
  };
  return titles[status] ?? 'Bad Request';
}

type ProblemContext = Parameters<Middleware>[0];

export function writeProblem(
  ctx: ProblemContext,
  status: number,
  title: string,
  detail?: string,
  extensions: Record<string, unknown> = {},
): void {
  const { type = 'about:blank', ...rest } = extensions;
  ctx.status = status;
  ctx.type = 'application/problem+json';
  ctx.body = {
    type,
    title,
    status,
    ...(detail !== undefined ? { detail } : {}),
    instance: ctx.path,
    request_id: ctx.state.requestId,
    ...rest,
  };
}
