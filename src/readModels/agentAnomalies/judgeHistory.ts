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

/**
 * Every closed hour of one tenant judged at once from its whole counted
 * history (pure): what judging each batch's closed hours in turn leaves once
 * the log has been read to its end, since a closed hour's counts, baseline
 * weeks and silent run all lie before the tenant's latest hour. Answers the
 * hours with findings.
 */
export function judgeHistory(counted: readonly CountedHour[]): JudgedHour[] {
  if (counted.length === 0) return [];
  const rows: StoredHour[] = [];
  const firstActiveHour = new Map<string, number>();
  let earliest = Infinity;
  let latest = -Infinity;
  for (const row of counted) {
    rows.push({ ...row, findings: [] });
    earliest = Math.min(earliest, row.hour);
    latest = Math.max(latest, row.hour);
    if (row.issued === 0 && row.rejected === 0) continue;
    const first = firstActiveHour.get(row.agentId);
    if (first === undefined || row.hour < first) firstActiveHour.set(row.agentId, row.hour);
  }
  const loaded = new LoadedHours(rows);
  const closed = hoursBetween(earliest, latest);
  return judgeAgentHours(
    agentHoursToJudge({ closed, revisited: [] }, loaded),
    loaded,
    firstActiveHour,
  ).filter((entry) => entry.findings.length > 0);
}
