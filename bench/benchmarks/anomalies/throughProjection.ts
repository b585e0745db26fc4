import { randomUUID } from 'node:crypto';
import type { Pool } from '../../../src/db/pool.js';
import type { EventStore } from '../../../src/eventstore/EventStore.js';
import { liveTarget } from '../../../src/projections/runner/applyBatch.js';
import { runProjection } from '../../../src/projections/runner/runProjection.js';
import type { Finding } from '../../../src/readModels/agentAnomalies/anomalyModel.js';
import { hourMs } from '../../../src/readModels/agentAnomalies/hoursToJudge.js';
import { agentAnomaliesProjection } from '../../../src/readModels/agentAnomalies/projection.js';
import { benchLogger } from '../../lib/benchStack.js';
import type { Detection } from './scoreDetection.js';
import type { SyntheticAgent } from './syntheticTenants.js';

// One synthetic tenant as events in the bench database's log, in time order,
// projected by the real agentAnomalies projection in the service's batch
// size; its findings are what the endpoint would list.

const iso = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const eventsSql = `
  WITH planned AS (
    SELECT a.agent_id, a.hour, g.i, g.i >= a.issued AS rejected, a.issued + a.rejected AS total
      FROM unnest($2::uuid[], $3::timestamptz[], $4::int[], $5::int[])
           AS a(agent_id, hour, issued, rejected)
     CROSS JOIN LATERAL generate_series(0, a.issued + a.rejected - 1) AS g(i)
  ), timed AS (
    SELECT agent_id, rejected, 'agt_' || replace(agent_id::text, '-', '') AS client_id,
           hour + make_interval(secs => (i + 1) * 3600.0 / (total + 1)) AS at
      FROM planned
  )
  INSERT INTO events (event_id, stream_name, stream_revision, event_type, schema_version,
                      tenant_id, data, metadata, occurred_at)
  SELECT gen_random_uuid(), 'tokens-' || $1::text || '.' || agent_id,
         row_number() OVER (PARTITION BY agent_id ORDER BY at, rejected) - 1,
         CASE WHEN rejected THEN 'TokenRequestRejected' ELSE 'TokenIssued' END, 1, $1::uuid,
         CASE WHEN rejected
           THEN jsonb_build_object('tenantId', $1::text, 'agentId', agent_id, 'clientId', client_id,
                                   'error', 'invalid_client', 'reason', 'bench')
           ELSE jsonb_build_object('tenantId', $1::text, 'agentId', agent_id, 'clientId', client_id,
                                   'jti', gen_random_uuid(),
                                   'scopes', jsonb_build_array('analytics:read'),
                                   'expiresAt', ${iso("(at + interval '1 hour')")})
         END,
         jsonb_build_object('tenantId', $1::text, 'occurredAt', ${iso('at')},
                            'actor', jsonb_build_object('type', 'agent', 'id', client_id),
                            'correlationId', gen_random_uuid()::text, 'causationId', null),
         at
    FROM timed
   ORDER BY at`;

export interface ProjectedRun {
  detections: Detection[];
  events: number;
  projectMs: number;
}

export async function detectThroughProjection(
  deps: { pool: Pool; eventStore: EventStore },
  agents: readonly SyntheticAgent[],
  options: { start: number; hours: number; batchSize: number },
): Promise<ProjectedRun> {
  const tenantId = randomUUID();
  const uuidOf = new Map<string, string>(agents.map((agent) => [agent.agentId, randomUUID()]));
  const nameOf = new Map([...uuidOf].map(([name, id]) => [id, name]));
  const rows: Array<[string, Date, number, number]> = [];
  for (const agent of agents) {
    agent.issued.forEach((issued, hour) => {
      const rejected = agent.rejected[hour] as number;
      if (issued + rejected > 0) {
        rows.push([
          uuidOf.get(agent.agentId) as string,
          new Date(options.start + hour * hourMs),
          issued,
          rejected,
        ]);
      }
    });
  }
  // One token in the hour after the history closes its last hour.
  const first = uuidOf.get(agents[0]?.agentId as string) as string;
  rows.push([first, new Date(options.start + options.hours * hourMs), 1, 0]);
  const inserted = await deps.pool.query(eventsSql, [
    tenantId,
    rows.map((row) => row[0]),
    rows.map((row) => row[1]),
    rows.map((row) => row[2]),
    rows.map((row) => row[3]),
  ]);
  await deps.pool.query(
    `INSERT INTO streams (stream_name, revision)
     SELECT stream_name, max(stream_revision) FROM events WHERE tenant_id = $1 GROUP BY 1`,
    [tenantId],
  );

  const started = performance.now();
  await runProjection({ ...deps, logger: benchLogger() }, agentAnomaliesProjection, {
    target: liveTarget(agentAnomaliesProjection),
    batchSize: options.batchSize,
    lockTimeoutMs: 30_000,
  });
  const projectMs = performance.now() - started;

  const { rows: found } = await deps.pool.query<{
    agent_id: string;
    hour: Date;
    findings: Finding[];
  }>(
    `SELECT agent_id, hour, findings FROM agent_anomalies_hourly
      WHERE tenant_id = $1 AND findings <> '[]'::jsonb`,
    [tenantId],
  );
  const detections = found.flatMap((row) =>
    row.findings.map((finding) => ({
      agentId: nameOf.get(row.agent_id) as string,
      hour: (row.hour.getTime() - options.start) / hourMs,
      kind: finding.kind,
    })),
  );
  return { detections, events: inserted.rowCount ?? 0, projectMs };
}
