import type { Context } from 'koa';
import type { RevisionPrecondition } from '../aggregateStream.js';
import { parseOrThrow } from '../../http/validate.js';
import { ifMatchHeader, ifNoneMatchHeader } from './schemas.js';

/**
 * A command request's If-Match and If-None-Match, each a 400 naming it when
 * malformed; undefined when it sent neither (or only `If-Match: *`).
 */
export function revisionPrecondition(ctx: Context): RevisionPrecondition | undefined {
  const match = parseOrThrow(ifMatchHeader, ctx.get('if-match') || undefined, 'If-Match');
  const noneMatch = parseOrThrow(
    ifNoneMatchHeader,
    ctx.get('if-none-match') || undefined,
    'If-None-Match',
  );
  if (match === undefined && noneMatch === undefined) return undefined;
  return {
    ...(match === undefined ? {} : { match }),
    ...(noneMatch === undefined ? {} : { noneMatch }),
  };
}
