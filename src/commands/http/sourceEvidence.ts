import type { Context } from 'koa';
import type { SourceEvidence } from '../tokens/requestSource.js';

/** The parts of a request that say where it comes from (requestSource judges them). */
export function sourceEvidence(ctx: Pick<Context, 'ip' | 'get'>): SourceEvidence {
  return {
    ip: ctx.ip,
    portalSecret: ctx.get('x-portal-secret') || undefined,
    portalSource: ctx.get('x-portal-source') || undefined,
  };
}
