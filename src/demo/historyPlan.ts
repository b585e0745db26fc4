import type { ActivityPattern, DemoAgent } from './demoAgents.js';
import { poisson, type Random } from './random.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Relative activity by UTC hour of day, 0..1. */
export function hourFactor(pattern: ActivityPattern, hour: number): number {
  switch (pattern) {
    case 'business-hours':
      return hour >= 8 && hour < 18 ? 1 - Math.abs(hour - 12.5) / 8 : 0.04;
    case 'nightly-batch':
      return hour >= 1 && hour < 5 ? 1 : 0.02;
    case 'around-the-clock':
      return 0.6 + 0.4 * Math.sin((hour / 24) * 2 * Math.PI);
    default: {
      const unknown: never = pattern;
      throw new Error(`unknown pattern ${String(unknown)}`);
    }
  }
}

/** Relative activity by UTC day of week (0 = Sunday). */
export function weekdayFactor(pattern: ActivityPattern, dow: number): number {
  const weekend = dow === 0 || dow === 6;
  if (pattern === 'business-hours') return weekend ? 0.15 : 1;
  if (pattern === 'nightly-batch') return weekend ? 0.5 : 1;
  return weekend ? 0.8 : 1;
}

/** The mean tokens of the agent in the UTC hour starting at `hourStart`. */
function usualTokens(agent: DemoAgent, hourStart: number): number {
  const at = new Date(hourStart);
  return (
    agent.peakTokensPerHour *
    hourFactor(agent.pattern, at.getUTCHours()) *
    weekdayFactor(agent.pattern, at.getUTCDay())
  );
}

/** The start of the latest hour, a day or more before `now`, in which the agent is near its peak. */
export function spikeHour(agent: DemoAgent, now: Date): number {
  const latest = Math.floor(now.getTime() / hourMs) * hourMs - dayMs;
  for (let hoursBack = 0; hoursBack < 24 * 14; hoursBack += 1) {
    const hourStart = latest - hoursBack * hourMs;
    if (usualTokens(agent, hourStart) >= 0.75 * agent.peakTokensPerHour) return hourStart;
  }
  return latest;
}

/** How many times its usual tokens the agent issues in each hour: 1 but in its spike. */
function incidentFactor(agent: DemoAgent, now: Date): (hourStart: number) => number {
  const incident = agent.incident;
  if (incident?.kind !== 'spike') return () => 1;
  const spike = spikeHour(agent, now);
  return (hourStart) => (hourStart === spike ? incident.factor : 1);
}

/** The instant from which the agent issues no more tokens: now, or the start of its silence. */
export function silentFrom(agent: DemoAgent, now: Date): number {
  const incident = agent.incident;
  return incident?.kind === 'silence' ? now.getTime() - incident.hours * hourMs : now.getTime();
}

export interface AgentDayPlan {
  agentIndex: number;
  /** UTC midnight of the day. */
  day: Date;
  tokenTimes: Date[];
}

// Token issuance times for every agent and day of the window ending `now`,
// following each agent's pattern and life (nothing before registration, after
// deactivation, or in the future).
export function planTokenHistory(
  agents: readonly DemoAgent[],
  options: { days: number; now: Date; random: Random },
): AgentDayPlan[] {
  const todayStart = Math.floor(options.now.getTime() / dayMs) * dayMs;
  const plans: AgentDayPlan[] = [];
  const factors = agents.map((agent) => incidentFactor(agent, options.now));
  for (let offset = options.days - 1; offset >= 0; offset -= 1) {
    const dayStart = todayStart - offset * dayMs;
    const dow = new Date(dayStart).getUTCDay();
    agents.forEach((agent, agentIndex) => {
      const activeFrom = todayStart - agent.registeredDaysAgo * dayMs + 9 * hourMs;
      const activeUntil =
        agent.deactivatedDaysAgo === undefined
          ? silentFrom(agent, options.now)
          : todayStart - agent.deactivatedDaysAgo * dayMs + 9 * hourMs;
      const tokenTimes: Date[] = [];
      for (let hour = 0; hour < 24; hour += 1) {
        const hourStart = dayStart + hour * hourMs;
        const mean =
          agent.peakTokensPerHour *
          hourFactor(agent.pattern, hour) *
          weekdayFactor(agent.pattern, dow) *
          factors[agentIndex]!(hourStart);
        const count = poisson(options.random, mean);
        for (let i = 0; i < count; i += 1) {
          const at = hourStart + Math.floor(options.random() * hourMs);
          if (at >= activeFrom && at < activeUntil && at < options.now.getTime())
            tokenTimes.push(new Date(at));
        }
      }
      tokenTimes.sort((a, b) => a.getTime() - b.getTime());
      if (tokenTimes.length > 0) plans.push({ agentIndex, day: new Date(dayStart), tokenTimes });
    });
  }
  return plans;
}

export interface AgentFailurePlan {
  agentIndex: number;
  times: Date[];
}

/** The wrong-secret requests of each agent with a failure burst, within its hour. */
export function planFailureBursts(
  agents: readonly DemoAgent[],
  options: { now: Date; random: Random },
): AgentFailurePlan[] {
  const plans: AgentFailurePlan[] = [];
  agents.forEach((agent, agentIndex) => {
    const incident = agent.incident;
    if (incident?.kind !== 'failure-burst' || agent.deactivatedDaysAgo !== undefined) return;
    const hourStart =
      Math.floor(options.now.getTime() / hourMs) * hourMs - incident.hoursAgo * hourMs;
    const times = Array.from(
      { length: incident.failures },
      () => new Date(hourStart + Math.floor(options.random() * hourMs)),
    ).sort((a, b) => a.getTime() - b.getTime());
    plans.push({ agentIndex, times });
  });
  return plans;
}

/** UTC instant `daysAgo` days before today at 09:00, used for lifecycle events. */
export function lifecycleInstant(now: Date, daysAgo: number): Date {
  const todayStart = Math.floor(now.getTime() / dayMs) * dayMs;
  return new Date(Math.min(todayStart - daysAgo * dayMs + 9 * hourMs, now.getTime() - 60_000));
}
