import type { Middleware } from 'koa';
import { ValidationError } from '../../errors.js';

// Node decodes only the chunked framing; any other transfer coding (gzip,
// deflate, compress, or chunked applied twice) would hand the handlers bytes
// nobody decoded. Such requests are refused before any handler runs; a coding
// without chunked last never gets this far (clientErrors.ts answers it).
export function refuseTransferCodings(): Middleware {
  return async (ctx, next) => {
    const header = ctx.get('transfer-encoding');
    if (header !== '') {
      const codings = header.split(',').map((coding) => coding.trim().toLowerCase());
      if (codings.length !== 1 || codings[0] !== 'chunked') {
        ctx.req.resume();
        throw new ValidationError([
          {
            field: 'Transfer-Encoding',
            message: `${header} is not accepted; send the body with Content-Length, or chunked only`,
          },
        ]);
      }
    }
    await next();
  };
}
