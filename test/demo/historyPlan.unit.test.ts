import { describe, expect, it } from '@jest/globals';
import { demoAgents } from '../../src/demo/demoAgents.js';
import { planFailureBursts, planTokenHistory, spikeHour } from '../../src/demo/historyPlan.js';
import { seededRandom } from '../../src/demo/random.js';

const now = new Date('2026-11-25T15:30:00.000Z');
const plan = planTokenHistory(demoAgents, { days: 90, now, random: seededRandom(42) });
const timesOf = (name: string) =>
  plan.filter((p) => demoAgents[p.agentIndex]?.name === name).flatMap((p) => p.tokenTimes);

describe('demo history plan', () => {
  it('is reproducible from its seed', () => {
    const again = planTokenHistory(demoAgents, { days: 90, now, random: seededRandom(42) });
    expect(again).toEqual(plan);
  });

  it('covers 90 days and never the future', () => {
    const all = plan.flatMap((p) => p.tokenTimes);
    expect(all.length).toBeGreaterThan(10_000);
    expect(Math.max(...all.map((t) => t.getTime()))).toBeLessThan(now.getTime());
    const earliest = Math.min(...all.map((t) => t.getTime()));
    expect((now.getTime() - earliest) / 86_400_000).toBeGreaterThan(88);
  });

  it('follows weekday and hour patterns', () => {
    const support = timesOf('support-assistant');
    const weekday = support.filter((t) => t.getUTCDay() >= 1 && t.getUTCDay() <= 5).length / 5;
    const weekend = support.filter((t) => t.getUTCDay() === 0 || t.getUTCDay() === 6).length / 2;
    expect(weekday).toBeGreaterThan(weekend * 3);
    const atNoon = support.filter((t) => t.getUTCHours() === 12).length;
    const atThree = support.filter((t) => t.getUTCHours() === 3).length;
    expect(atNoon).toBeGreaterThan(atThree * 5);
    const nightly = timesOf('billing-reconciler');
    expect(nightly.filter((t) => t.getUTCHours() === 2).length).toBeGreaterThan(
      nightly.filter((t) => t.getUTCHours() === 14).length * 5,
    );
  });

  it('respects registration and deactivation', () => {
    const onboarding = timesOf('onboarding-guide');
    expect(Math.min(...onboarding.map((t) => t.getTime()))).toBeGreaterThan(
      now.getTime() - 13 * 86_400_000,
    );
    const legacy = timesOf('legacy-importer');
    expect(Math.max(...legacy.map((t) => t.getTime()))).toBeLessThan(
      now.getTime() - 34 * 86_400_000,
    );
  });

  // What an anomaly model with a per-hour-of-week baseline must flag on a first look.
  describe('incidents', () => {
    const hourMs = 3_600_000;
    const weekMs = 7 * 24 * hourMs;
    const inHour = (times: Date[], start: number) =>
      times.filter((t) => t.getTime() >= start && t.getTime() < start + hourMs).length;
    const agentNamed = (name: string) => demoAgents.find((agent) => agent.name === name)!;

    it('gives one busy hour about ten times its usual tokens, a day or more ago', () => {
      const support = timesOf('support-assistant');
      const spike = spikeHour(agentNamed('support-assistant'), now);
      expect(now.getTime() - spike).toBeGreaterThanOrEqual(24 * hourMs);
      expect(now.getTime() - spike).toBeLessThan(7 * 24 * hourMs);
      // The same hour of the week in the earlier weeks.
      const usual = [1, 2, 3, 4, 5, 6].map((weeks) => inHour(support, spike - weeks * weekMs));
      const mean = usual.reduce((sum, count) => sum + count, 0) / usual.length;
      expect(Math.min(...usual)).toBeGreaterThan(0);
      expect(inHour(support, spike)).toBeGreaterThan(mean * 5);
    });

    it('silences a busy agent for the last eight hours', () => {
      const scanner = timesOf('security-scanner');
      const lastHours = scanner.filter((t) => t.getTime() >= now.getTime() - 8 * hourMs);
      expect(lastHours).toHaveLength(0);
      const sameHoursBefore = [1, 2, 3, 4].map(
        (weeks) =>
          scanner.filter((t) => {
            const back = t.getTime() + weeks * weekMs;
            return back >= now.getTime() - 8 * hourMs && back < now.getTime();
          }).length,
      );
      for (const count of sameHoursBefore) expect(count).toBeGreaterThan(10);
    });

    it('puts dozens of failed requests in one recent hour', () => {
      const bursts = planFailureBursts(demoAgents, { now, random: seededRandom(7) });
      expect(bursts.map((burst) => demoAgents[burst.agentIndex]?.name)).toEqual(['sales-copilot']);
      const times = bursts[0]!.times.map((t) => t.getTime());
      expect(times).toHaveLength(40);
      const hourStart = Math.floor(now.getTime() / hourMs) * hourMs - 3 * hourMs;
      expect(Math.min(...times)).toBeGreaterThanOrEqual(hourStart);
      expect(Math.max(...times)).toBeLessThan(hourStart + hourMs);
    });
  });
});
