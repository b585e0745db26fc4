import { hoursBetween } from './hoursToJudge.js';
import {
  agentHoursToJudge,
  judgeAgentHours,
  LoadedHours,
  type JudgedHour,
  type StoredHour,
} from './judgeAgentHours.js';

/** One agent hour's counts, as the hourly table holds them before anything is judged. */
export type CountedHour = Omit<StoredHour, 'findings'>;

/** A tenant's first and latest counted hours: the hours from `earliest` to before `latest` are closed. */
export interface TenantSpan {
  earliest: number;
  latest: number;
}

/**
 * Every closed hour of some of a tenant's agents judged at once from their
 * whole counted history (pure): what judging each batch's closed hours in
 * turn leaves once the log has been read to its end, since a closed hour's
 * counts, baseline weeks and silent run all lie before the tenant's latest
 * hour. An agent is judged from its own rows only, so agents can be judged
 * a group at a time. Answers the hours with findings.
 */
export function judgeHistory(counted: readonly CountedHour[], span: TenantSpan): JudgedHour[] {
  if (counted.length === 0) return [];
  const rows: StoredHour[] = [];
  const firstActiveHour = new Map<string, number>();
  for (const row of counted) {
    rows.push({ ...row, findings: [] });
    if (row.issued === 0 && row.rejected === 0) continue;
    const first = firstActiveHour.get(row.agentId);
    if (first === undefined || row.hour < first) firstActiveHour.set(row.agentId, row.hour);
  }
  const loaded = new LoadedHours(rows);
  const closed = hoursBetween(span.earliest, span.latest);
  return judgeAgentHours(
    agentHoursToJudge({ closed, revisited: [] }, loaded),
    loaded,
    firstActiveHour,
  ).filter((entry) => entry.findings.length > 0);
}
