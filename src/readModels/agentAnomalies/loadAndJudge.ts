import pg from 'pg';
import type { PoolClient } from '../../db/pool.js';
import type { Finding } from './anomalyModel.js';
import type { HoursToJudge } from './hoursToJudge.js';
import {
  agentHoursToJudge,
  hoursToLoad,
  judgeAgentHours,
  LoadedHours,
  type JudgedHour,
} from './judgeAgentHours.js';

interface Row {
  agent_id: string;
  hour: Date;
  issued: number;
  rejected: number;
  findings: Finding[];
}

/** The tenant's latest hour with a counted event: its log clock (null before any). */
export async function tenantClock(
  client: PoolClient,
  table: string,
  tenantId: string,
): Promise<number | null> {
  const { rows } = await client.query<{ hour: Date | null }>(
    `SELECT max(hour) AS hour FROM ${pg.escapeIdentifier(table)} WHERE tenant_id = $1`,
    [tenantId],
  );
  return rows[0]?.hour ? rows[0].hour.getTime() : null;
}

/** Loads what the plan's hours need from `table` and judges them; writes nothing. */
export async function loadAndJudge(
  client: PoolClient,
  table: string,
  tenantId: string,
  plan: HoursToJudge,
): Promise<{ judged: JudgedHour[]; loaded: LoadedHours }> {
  const name = pg.escapeIdentifier(table);
  if (plan.closed.length === 0 && plan.revisited.length === 0) {
    return { judged: [], loaded: new LoadedHours([]) };
  }
  const { rows } = await client.query<Row>(
    `SELECT agent_id, hour, issued, rejected, findings FROM ${name}
      WHERE tenant_id = $1 AND hour = ANY($2::timestamptz[])`,
    [tenantId, hoursToLoad(plan)],
  );
  const loaded = new LoadedHours(
    rows.map((row) => ({
      agentId: row.agent_id,
      hour: row.hour.getTime(),
      issued: row.issued,
      rejected: row.rejected,
      findings: row.findings,
    })),
  );
  const targets = agentHoursToJudge(plan, loaded);
  if (targets.length === 0) return { judged: [], loaded };
  const firstActiveHour = await firstActiveHours(client, table, tenantId, [
    ...new Set(targets.map((target) => target.agentId)),
  ]);
  return { judged: judgeAgentHours(targets, loaded, firstActiveHour), loaded };
}

/** Each agent's first hour with a token or a rejection; one index probe per agent. */
export async function firstActiveHours(
  client: PoolClient,
  table: string,
  tenantId: string,
  agentIds: readonly string[],
): Promise<Map<string, number>> {
  const { rows } = await client.query<{ agent_id: string; hour: Date | null }>(
    `SELECT a.agent_id,
            (SELECT min(hour) FROM ${pg.escapeIdentifier(table)} t
              WHERE t.tenant_id = $1 AND t.agent_id = a.agent_id
                AND (t.issued > 0 OR t.rejected > 0)) AS hour
       FROM unnest($2::uuid[]) AS a(agent_id)`,
    [tenantId, agentIds],
  );
  const firstActiveHour = new Map<string, number>();
  for (const row of rows) {
    if (row.hour) firstActiveHour.set(row.agent_id, row.hour.getTime());
  }
  return firstActiveHour;
}
