import { hourFactor, weekdayFactor } from '../../../src/demo/historyPlan.js';
import type { ActivityPattern } from '../../../src/demo/demoAgents.js';
import { poisson, type Random } from '../../../src/demo/random.js';
import type { AnomalyKind } from '../../../src/readModels/agentAnomalies/anomalyModel.js';

// Synthetic agents with the demo's weekly patterns and Poisson noise, and
// anomalies injected at known hours: the labelled data the model is scored on.

export const hoursPerWeek = 168;

export interface SyntheticSizes {
  tenants: number;
  agentsPerTenant: number;
  weeks: number;
  /** Weeks before these are baseline only; anomalies are injected and judged from here on. */
  firstJudgedWeek: number;
  /** Chance that an agent gets an injected anomaly of a kind in the judged weeks. */
  injectionChance: number;
}

export interface SyntheticAgent {
  agentId: string;
  pattern: ActivityPattern;
  peakTokensPerHour: number;
  /** Agents that do nothing outside their pattern's working hours. */
  strictHours: boolean;
  /** Hour index since the start (week 0, Monday 00:00 UTC) -> counts. */
  issued: number[];
  rejected: number[];
}

export interface Label {
  agentId: string;
  /** Hour index since the start. */
  hour: number;
  kind: AnomalyKind;
}

const patterns: ActivityPattern[] = ['business-hours', 'nightly-batch', 'around-the-clock'];

/** Mean tokens in the hour of the week (0 = Monday 00:00 UTC). */
export function meanRate(agent: SyntheticAgent, hourOfWeek: number): number {
  const dow = (Math.floor(hourOfWeek / 24) + 1) % 7;
  const factor = hourFactor(agent.pattern, hourOfWeek % 24) * weekdayFactor(agent.pattern, dow);
  if (agent.strictHours && factor < 0.1) return 0;
  return agent.peakTokensPerHour * factor;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random();
}

export function syntheticTenant(
  random: Random,
  tenant: number,
  sizes: SyntheticSizes,
): { agents: SyntheticAgent[]; labels: Label[] } {
  const hours = sizes.weeks * hoursPerWeek;
  const firstJudged = sizes.firstJudgedWeek * hoursPerWeek;
  const agents: SyntheticAgent[] = [];
  const labels: Label[] = [];
  for (let index = 0; index < sizes.agentsPerTenant; index += 1) {
    const agent: SyntheticAgent = {
      agentId: `t${tenant}-a${index}`,
      pattern: pick(random, patterns),
      // Log-uniform between 1 and 60 tokens an hour at the peak.
      peakTokensPerHour: Math.exp(uniform(random, 0, Math.log(60))),
      strictHours: random() < 0.5,
      issued: [],
      rejected: [],
    };
    // Weeks differ a little beyond Poisson noise, as real ones do.
    const weekFactors = Array.from({ length: sizes.weeks }, () => uniform(random, 0.85, 1.15));
    const failureRate = uniform(random, 0, 0.05);
    for (let hour = 0; hour < hours; hour += 1) {
      const mean =
        meanRate(agent, hour % hoursPerWeek) *
        (weekFactors[Math.floor(hour / hoursPerWeek)] as number);
      agent.issued.push(poisson(random, mean));
      agent.rejected.push(poisson(random, mean * failureRate));
    }
    const judgedHours = Array.from({ length: hours - firstJudged }, (_, i) => firstJudged + i);
    const used = new Set<number>();
    const inject = (kind: AnomalyKind, candidates: number[], change: (hour: number) => void) => {
      const free = candidates.filter((hour) => !used.has(hour));
      if (free.length === 0 || random() >= sizes.injectionChance) return;
      const hour = pick(random, free);
      used.add(hour);
      change(hour);
      labels.push({ agentId: agent.agentId, hour, kind });
    };
    // A spike where the agent is active (a burst in a never-active hour is a new hour).
    inject(
      'spike',
      judgedHours.filter((hour) => meanRate(agent, hour % hoursPerWeek) >= 3),
      (hour) => {
        const mean = meanRate(agent, hour % hoursPerWeek);
        agent.issued[hour] = poisson(
          random,
          mean * uniform(random, 4, 8) + uniform(random, 15, 40),
        );
      },
    );
    // A drop only where the agent is normally busy.
    inject(
      'drop',
      judgedHours.filter((hour) => meanRate(agent, hour % hoursPerWeek) >= 15),
      (hour) => {
        agent.issued[hour] = poisson(random, meanRate(agent, hour % hoursPerWeek) * 0.02);
      },
    );
    // A new hour only where the agent is never active.
    inject(
      'new_hour',
      judgedHours.filter((hour) => meanRate(agent, hour % hoursPerWeek) === 0),
      (hour) => {
        agent.issued[hour] = poisson(random, uniform(random, 15, 40));
      },
    );
    inject('failure_spike', judgedHours, (hour) => {
      const mean = meanRate(agent, hour % hoursPerWeek) * failureRate;
      agent.rejected[hour] = poisson(random, mean * 5 + uniform(random, 15, 40));
    });
    agents.push(agent);
  }
  return { agents, labels };
}
