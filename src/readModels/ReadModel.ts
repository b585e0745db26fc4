import type { z } from 'zod';
import type { PoolClient } from '../db/pool.js';
import type { Projection } from '../projections/Projection.js';

/** What an endpoint's answer is computed from: the caller's tenant, its query, the time. */
export interface AnswerInput<Q> {
  tenantId: string;
  query: Q;
  now: Date;
  /** The tenant's reporting time zone (IANA name) when the endpoint follows it, else UTC. */
  timeZone: string;
}

interface EndpointShape<S extends z.ZodObject> {
  /** The path below /api/analytics, e.g. `/agents/activity`. */
  path: string;
  summary: string;
  description?: string;
  /** The query parameters (a strict schema: unknown parameters are refused). */
  query: S;
  /** The answer's schema, for the OpenAPI document. */
  response: z.ZodType;
  responseDescription: string;
  /**
   * Whether the answer's days, hours and months are the tenant's reporting
   * time zone's; otherwise they are UTC. Answers say which in a
   * Reporting-Time-Zone header.
   */
  followsTimeZone?: boolean;
  /**
   * The days the answer covers, first and last (YYYY-MM-DD), for the
   * name of an export file. Without it the file is named after today.
   */
  window?(input: AnswerInput<z.infer<S>>): { first: string; last: string };
}

/**
 * A GET endpoint answered from a read model for the caller's tenant, inside
 * its row-level-security scope. The query router mounts every endpoint of
 * every read model, and the OpenAPI document lists them, from these
 * definitions alone.
 */
export type AnalyticsEndpoint<S extends z.ZodObject = z.ZodObject> = EndpointShape<S> &
  (
    | {
        /** Computed on every request and sent as JSON. */
        answer(client: PoolClient, input: AnswerInput<z.infer<S>>): Promise<unknown>;
      }
    | {
        /**
         * Large answers, computed as JSON text (or its UTF-8 bytes) and served
         * from memory until one of these projections writes for the tenant again.
         */
        cachedUntilWriteOf: readonly string[];
        /** What else the answer depends on (its parameters, its time window). */
        cacheKey(input: AnswerInput<z.infer<S>>): string;
        answerJson(client: PoolClient, input: AnswerInput<z.infer<S>>): Promise<string | Buffer>;
      }
  );

/** One read model: the projection that keeps its table, and the endpoints that read it. */
export interface ReadModel {
  projection: Projection;
  endpoints: readonly AnalyticsEndpoint[];
}

/** Keeps an endpoint's query type for its answer while it is defined. */
export function analyticsEndpoint<S extends z.ZodObject>(
  endpoint: AnalyticsEndpoint<S>,
): AnalyticsEndpoint {
  return endpoint;
}
