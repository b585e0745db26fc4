import type { ParameterizedContext } from 'koa';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.js';

// Reads a request body as strict UTF-8 text, bounded in size. Hostile bodies
// end here as 4xx errors: too large (413), compressed or in another charset
// (415), invalid UTF-8 (400) or cut short by the client (400).

const units: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** '64kb' -> 65536. */
export function byteLimit(limit: string): number {
  const match = /^(\d+)(b|kb|mb)$/.exec(limit);
  if (!match) throw new Error(`Invalid body limit: ${limit}`);
  return Number(match[1]) * (units[match[2] as string] as number);
}

export function hasBody(ctx: ParameterizedContext): boolean {
  return ctx.get('transfer-encoding') !== '' || Number(ctx.get('content-length') || 0) > 0;
}

export async function readBodyText(ctx: ParameterizedContext, limit: string): Promise<string> {
  const maxBytes = byteLimit(limit);
  const encoding = ctx.get('content-encoding').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new UnsupportedMediaTypeError('Compressed request bodies are not accepted');
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(ctx.get('content-type'))?.[1];
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw new UnsupportedMediaTypeError('Send the body in UTF-8');
  }
  const declared = ctx.get('content-length');
  if (declared !== '' && Number(declared) > maxBytes) {
    ctx.req.resume();
    throw new PayloadTooLargeError(`The request body exceeds ${limit}`);
  }
  const bytes = await collect(ctx, maxBytes, limit);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ValidationError([{ field: 'body', message: 'is not valid UTF-8' }]);
  }
}

function collect(ctx: ParameterizedContext, maxBytes: number, limit: string): Promise<Buffer> {
  const { req } = ctx;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
    };
    const fail = (error: Error) => {
      cleanup();
      // Drain the rest so the connection can still carry the error response.
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(new PayloadTooLargeError(`The request body exceeds ${limit}`));
      else chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = () =>
      fail(new ValidationError([{ field: 'body', message: 'was not received completely' }]));
    const onAborted = onError;
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}
