import { anomalyModel } from './anomalyModel.js';

// Which hours a batch closes, in epoch milliseconds of the UTC hour's start.
// The log is the clock: a tenant's hour is closed once the tenant has an event
// in a later hour, so rebuilding from the log closes the same hours.

export const hourMs = 3_600_000;
export const weekMs = 7 * 24 * hourMs;

export function startOfHour(at: number): number {
  return Math.floor(at / hourMs) * hourMs;
}

/** The same hour of the week in the previous weeks, newest first. */
export function baselineHours(hour: number): number[] {
  return Array.from({ length: anomalyModel.baselineWeeks }, (_, k) => hour - (k + 1) * weekMs);
}

/** The hours [from, to), ascending. */
export function hoursBetween(from: number, to: number): number[] {
  const hours: number[] = [];
  for (let hour = from; hour < to; hour += hourMs) hours.push(hour);
  return hours;
}

export interface AgentHour {
  agentId: string;
  hour: number;
}

export interface HoursToJudge {
  /** Newly closed hours: judged for every agent active then or in their baselines. */
  closed: number[];
  /** Hours closed before that a late event changed, and the later hours they are baseline of. */
  revisited: AgentHour[];
}

/** An agent whose first active hour a late event moved earlier. */
export interface EarlierStart {
  agentId: string;
  before: number;
  now: number;
}

/**
 * `clock` is the tenant's latest hour with an event before the batch (null for
 * its first events); `touched` the agent hours the batch counted;
 * `earlierStarts` the agents whose history now begins earlier, which changes
 * the baseline weeks of their hours up to the baseline's length after.
 */
export function hoursToJudge(
  clock: number | null,
  touched: readonly AgentHour[],
  earlierStarts: readonly EarlierStart[] = [],
): HoursToJudge {
  if (touched.length === 0) return { closed: [], revisited: [] };
  const touchedHours = touched.map((entry) => entry.hour);
  const latest = Math.max(clock ?? -Infinity, ...touchedHours);
  const from = clock ?? Math.min(...touchedHours);
  const revisited: AgentHour[] = [];
  for (const { agentId, hour } of touched) {
    if (clock === null || hour >= clock) continue;
    // The hour, the silent runs it may start, and the weeks it is baseline of.
    for (let j = 0; j < anomalyModel.silentRunHours; j += 1) {
      for (let k = 0; k <= anomalyModel.baselineWeeks; k += 1) {
        const later = hour + j * hourMs + k * weekMs;
        if (later < from) revisited.push({ agentId, hour: later });
      }
    }
  }
  for (const { agentId, before, now } of earlierStarts) {
    const until = Math.min(
      before + anomalyModel.baselineWeeks * weekMs + anomalyModel.silentRunHours * hourMs,
      from,
    );
    for (const hour of hoursBetween(now + weekMs, until)) revisited.push({ agentId, hour });
  }
  return { closed: hoursBetween(from, latest), revisited };
}
