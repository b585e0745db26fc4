import { randomBytes, randomUUID } from 'node:crypto';
import type { Pool } from '../../src/db/pool.js';
import { streamNames } from '../../src/events/streams.js';

// History for the rebuild and query benchmarks, written straight into the
// event store's tables by SQL: far faster than a million appends, and row for
// row what PostgresEventStore.appendToStream writes for the same events (same
// columns, stream names, revisions, JSON documents and ISO instants with
// milliseconds; recorded_at and transaction_id come from the defaults).
// AgentRegistered for every agent, then TokenIssued on `hoursPerDay` hours of
// every day, `tokensPerHour` per agent and hour, in time order.

export interface TokenHistoryShape {
  tenantId: string;
  agents: number;
  days: number;
  /** 1..4: hours h*6 + (agent mod 6) of the UTC day. */
  hoursPerDay: number;
  tokensPerHour: number;
  /** Start of the last UTC day of the history. */
  lastDay: Date;
  /**
   * Each agent's tokens at its own second anywhere in its share of the hour
   * (minute 0 to 59 with one token an hour), instead of within its first ten
   * minutes: in a half- or quarter-hour zone a UTC hour then spans two local
   * hours. Same UTC hours, so the same hourly, daily and monthly counts.
   */
  spreadOverHour?: boolean;
  /**
   * No token after this instant (the benchmark's clock): the last day ends
   * where a real tenant's history does, instead of running on to its end.
   */
  endAt?: Date;
}

export interface TokenHistory {
  agentIds: string[];
  /** Events written (registrations and tokens). */
  events: number;
}

const dayMs = 86_400_000;
const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const registrationsSql = `
  INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                      tenant_id, data, metadata, occurred_at)
  SELECT gen_random_uuid(), 'agent-' || $1::text || '.' || a.agent_id, 0, 'AgentRegistered', 1, $1::uuid,
         jsonb_build_object('tenantId', $1::text, 'agentId', a.agent_id, 'clientId', a.client_id,
                            'name', 'agent ' || lpad(a.n::text, 5, '0'), 'description', null,
                            'scopes', jsonb_build_array('analytics:read')),
         jsonb_build_object('tenantId', $1::text, 'occurredAt', ${iso('t.at')},
                            'actor', jsonb_build_object('type', 'cli', 'id', 'bench'),
                            'correlationId', gen_random_uuid()::text, 'causationId', null),
         t.at
    FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS a(agent_id, client_id, n)
   CROSS JOIN LATERAL (SELECT $4::timestamptz + make_interval(secs => a.n)) AS t(at)
   ORDER BY a.n`;

const tokensSql = `
  INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                      tenant_id, data, metadata, occurred_at)
  SELECT gen_random_uuid(), 'tokens-' || $1::text || '.' || a.agent_id,
         $4::bigint * $5 * $6 + h * $6 + k, 'TokenIssued', 1, $1::uuid,
         jsonb_build_object('tenantId', $1::text, 'agentId', a.agent_id, 'clientId', a.client_id,
                            'jti', gen_random_uuid(), 'scopes', jsonb_build_array('analytics:read'),
                            'expiresAt', ${iso("(t.at + interval '1 hour')")}),
         jsonb_build_object('tenantId', $1::text, 'occurredAt', ${iso('t.at')},
                            'actor', jsonb_build_object('type', 'agent', 'id', a.client_id),
                            'correlationId', gen_random_uuid()::text, 'causationId', null),
         t.at
    FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS a(agent_id, client_id, n)
   CROSS JOIN generate_series(0, $5 - 1) AS h
   CROSS JOIN generate_series(0, $6 - 1) AS k
   CROSS JOIN LATERAL (SELECT $7::timestamptz + make_interval(
            hours => ((a.n - 1) % 6)::int + h * 6,
            secs => k * (3600.0 / $6)
                    + CASE WHEN $8 THEN (a.n * 421) % floor(3600.0 / $6)::int ELSE a.n % 600 END)) AS t(at)
   WHERE $9::timestamptz IS NULL OR t.at <= $9
   ORDER BY t.at, a.n`;

// Revisions run on within a stream in time order, so a history cut at
// `endAt` keeps each stream's revisions 0..n-1.
const streamsSql = `
  INSERT INTO streams (stream_name, revision)
  SELECT stream_name, max(stream_revision) FROM events
   WHERE tenant_id = $1 AND stream_name = ANY($2::text[])
   GROUP BY stream_name`;

export async function insertTokenHistory(
  pool: Pool,
  shape: TokenHistoryShape,
): Promise<TokenHistory> {
  if (shape.hoursPerDay < 1 || shape.hoursPerDay > 4) throw new RangeError('hoursPerDay: 1..4');
  const agentIds = Array.from({ length: shape.agents }, () => randomUUID());
  const clientIds = agentIds.map(() => `agt_${randomBytes(16).toString('hex')}`);
  const firstDay = new Date(shape.lastDay.getTime() - (shape.days - 1) * dayMs);
  await pool.query(registrationsSql, [
    shape.tenantId,
    agentIds,
    clientIds,
    new Date(firstDay.getTime() - dayMs),
  ]);
  let tokens = 0;
  for (let day = 0; day < shape.days; day += 1) {
    const { rowCount } = await pool.query(tokensSql, [
      shape.tenantId,
      agentIds,
      clientIds,
      day,
      shape.hoursPerDay,
      shape.tokensPerHour,
      new Date(firstDay.getTime() + day * dayMs),
      shape.spreadOverHour ?? false,
      shape.endAt ?? null,
    ]);
    tokens += rowCount ?? 0;
  }
  await pool.query(streamsSql, [
    shape.tenantId,
    [
      ...agentIds.map((agentId) => streamNames.agent(shape.tenantId, agentId)),
      ...agentIds.map((agentId) => streamNames.tokens(shape.tenantId, agentId)),
    ],
  ]);
  return { agentIds, events: shape.agents + tokens };
}
