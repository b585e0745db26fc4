import { anomalyModel, judgeHour, type Finding, type HourCounts } from './anomalyModel.js';
import { baselineHours, hourMs, type AgentHour, type HoursToJudge } from './hoursToJudge.js';
import { KeyedRows } from '../keyedRows.js';

// From the loaded counts to the findings of each agent hour to judge; pure.

export interface StoredHour extends AgentHour, HourCounts {
  findings: readonly Finding[];
}

export interface JudgedHour extends AgentHour {
  findings: Finding[];
}

const noAgents: ReadonlyMap<string, StoredHour> = new Map();

const noCounts: HourCounts = Object.freeze({ issued: 0, rejected: 0 });

// Judging looks hours up many times over (each hour's silent run and
// baseline weeks): rows are kept by hour, then agent, so a lookup builds no
// key.
export class LoadedHours {
  private readonly byHour = new Map<number, Map<string, StoredHour>>();

  constructor(rows: readonly StoredHour[]) {
    for (const row of rows) {
      let agents = this.byHour.get(row.hour);
      if (!agents) {
        agents = new Map();
        this.byHour.set(row.hour, agents);
      }
      agents.set(row.agentId, row);
    }
  }

  get(agentId: string, hour: number): StoredHour | undefined {
    return this.byHour.get(hour)?.get(agentId);
  }

  /** The hour's counts: its row, or no counts (shared; judging only reads them). */
  counts(agentId: string, hour: number): HourCounts {
    return this.get(agentId, hour) ?? noCounts;
  }

  agentsAt(hour: number): Iterable<string> {
    return (this.byHour.get(hour) ?? noAgents).keys();
  }
}

/** The judged hour and the hours before it that a silent run may cover, newest first. */
export function runHours(hour: number): number[] {
  return Array.from({ length: anomalyModel.silentRunHours }, (_, j) => hour - j * hourMs);
}

/** Every hour the plan needs loaded: the judged hours, the hours before them, and their baselines. */
export function hoursToLoad(plan: HoursToJudge): Date[] {
  const hours = new Set<number>();
  const judged = [...plan.closed, ...plan.revisited.map((entry) => entry.hour)];
  for (const hour of judged) {
    for (const runHour of runHours(hour)) {
      hours.add(runHour);
      for (const earlier of baselineHours(runHour)) hours.add(earlier);
    }
  }
  return [...hours].sort((a, b) => a - b).map((hour) => new Date(hour));
}

/**
 * The agent hours to judge: every agent active in a closed hour or in one of
 * its baseline hours (a silent hour is judged only for agents that were busy
 * then before), and the revisited ones.
 */
export function agentHoursToJudge(plan: HoursToJudge, loaded: LoadedHours): AgentHour[] {
  const targets = new KeyedRows<AgentHour>();
  for (const hour of plan.closed) {
    for (const candidate of [hour, ...baselineHours(hour)]) {
      for (const agentId of loaded.agentsAt(candidate)) targets.at([agentId, hour], agentHour);
    }
  }
  for (const entry of plan.revisited) targets.at([entry.agentId, entry.hour], agentHour);
  return targets.rows;
}

function agentHour([agentId, hour]: readonly [string, number]): AgentHour {
  return { agentId, hour };
}

/**
 * Judges each agent hour against the weeks of the agent's history: baseline
 * hours before the agent's first active hour are not weeks it was quiet in.
 */
export function judgeAgentHours(
  targets: readonly AgentHour[],
  loaded: LoadedHours,
  firstActiveHour: ReadonlyMap<string, number>,
): JudgedHour[] {
  return targets.map(({ agentId, hour }) => {
    const first = firstActiveHour.get(agentId) ?? hour;
    const judged = hourToJudge(loaded, agentId, first, hour);
    const earlier = () =>
      runHours(hour)
        .slice(1)
        .map((runHour) => hourToJudge(loaded, agentId, first, runHour));
    return { agentId, hour, findings: judgeHour(judged.observed, judged.baseline, earlier) };
  });
}

/** An agent's counts in an hour, and in its baseline weeks from its first active hour on. */
function hourToJudge(
  loaded: LoadedHours,
  agentId: string,
  first: number,
  runHour: number,
): { observed: HourCounts; baseline: HourCounts[] } {
  return {
    observed: loaded.counts(agentId, runHour),
    baseline: baselineHours(runHour)
      .filter((earlierHour) => earlierHour >= first)
      .map((earlierHour) => loaded.counts(agentId, earlierHour)),
  };
}
