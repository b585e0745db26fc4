import type { PoolClient } from '../../db/pool.js';
import { utcDayWindow } from '../utcCalendar.js';
import { isExpectedSilence } from './afterDeactivation.js';
import { anomalyModel, type AnomalyKind, type Finding } from './anomalyModel.js';
import { hourMs, hoursBetween, startOfHour, weekMs } from './hoursToJudge.js';
import { loadAndJudge, tenantClock } from './loadAndJudge.js';
import { agentAnomaliesTable } from './projection.js';

export interface Anomaly {
  agent_id: string;
  name: string;
  kind: AnomalyKind;
  hour: string;
  observed: number;
  expected_low: number;
  expected_high: number;
  score: number;
}

// Only agents the agents read model knows; the name is the current one.
const storedSql = `
  SELECT f.agent_id, a.name, a.deactivated_at, f.hour, f.findings
    FROM ${agentAnomaliesTable} f
    JOIN agents a ON a.tenant_id = f.tenant_id AND a.agent_id = f.agent_id
   WHERE f.tenant_id = $1 AND f.hour >= $2 AND f.hour < $3 AND f.findings <> '[]'::jsonb`;

interface StoredRow {
  agent_id: string;
  name: string;
  deactivated_at: Date | null;
  hour: Date;
  findings: Finding[];
}

function anomaliesOf(
  agent: { agentId: string; name: string; deactivatedAt: Date | null },
  hour: number,
  findings: readonly Finding[],
) {
  const { agentId, name, deactivatedAt } = agent;
  return findings
    .filter((finding) => !isExpectedSilence(finding.kind, hour, deactivatedAt))
    .map((finding): Anomaly => ({
      agent_id: agentId,
      name,
      kind: finding.kind,
      hour: new Date(hour).toISOString(),
      observed: finding.observed,
      expected_low: finding.expected_low,
      expected_high: finding.expected_high,
      score: finding.score,
    }));
}

/**
 * The hours the clock has closed but the log has not: from the tenant's
 * latest counted hour up to the current hour, judged now and not stored. Past
 * the baseline weeks a silent hour has nothing left to compare with.
 */
export function openTail(clock: number | null, now: Date, window: { start: Date; end: Date }) {
  if (clock === null) return [];
  const until = Math.min(
    startOfHour(now.getTime()),
    clock + anomalyModel.baselineWeeks * weekMs + hourMs,
  );
  return hoursBetween(
    Math.max(clock, window.start.getTime()),
    Math.min(until, window.end.getTime()),
  );
}

/** Anomalies in the `days` UTC days ending today, newest hour first. */
export async function getAnomalies(
  client: PoolClient,
  query: { tenantId: string; days: number; now: Date },
): Promise<Anomaly[]> {
  const window = utcDayWindow(query.now, query.days);
  const stored = await client.query<StoredRow>(storedSql, [
    query.tenantId,
    window.start,
    window.end,
  ]);
  const anomalies = stored.rows.flatMap((row) =>
    anomaliesOf(
      { agentId: row.agent_id, name: row.name, deactivatedAt: row.deactivated_at },
      row.hour.getTime(),
      row.findings,
    ),
  );

  const clock = await tenantClock(client, agentAnomaliesTable, query.tenantId);
  const tail = openTail(clock, query.now, window);
  const { judged } = await loadAndJudge(client, agentAnomaliesTable, query.tenantId, {
    closed: tail,
    revisited: [],
  });
  const found = judged.filter((entry) => entry.findings.length > 0);
  if (found.length > 0) {
    const names = await client.query<{
      agent_id: string;
      name: string;
      deactivated_at: Date | null;
    }>(
      'SELECT agent_id, name, deactivated_at FROM agents WHERE tenant_id = $1 AND agent_id = ANY($2::uuid[])',
      [query.tenantId, [...new Set(found.map((entry) => entry.agentId))]],
    );
    const agentOf = new Map(names.rows.map((row) => [row.agent_id, row]));
    for (const entry of found) {
      const agent = agentOf.get(entry.agentId);
      if (agent !== undefined)
        anomalies.push(
          ...anomaliesOf(
            { agentId: agent.agent_id, name: agent.name, deactivatedAt: agent.deactivated_at },
            entry.hour,
            entry.findings,
          ),
        );
    }
  }
  return anomalies.sort(
    (a, b) =>
      (a.hour < b.hour ? 1 : a.hour > b.hour ? -1 : 0) ||
      b.score - a.score ||
      (a.agent_id < b.agent_id ? -1 : a.agent_id > b.agent_id ? 1 : 0) ||
      (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0),
  );
}
